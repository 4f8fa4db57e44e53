import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { VISIT_OUTCOMES, type VisitOutcome } from '../../../libs/domain/src/variation';

export class RuleMatchDto {
  /** Compared with the notice's installationAddress.postcode, ignoring case and spaces. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  postcode?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  variationId?: string;
}

/** POST /admin/rules: how the simulator answers the notices a rule matches. */
export class RuleDto {
  /** Every given field must match; an empty match applies to every notice. */
  @IsObject()
  @ValidateNested()
  @Type(() => RuleMatchDto)
  match!: RuleMatchDto;

  @IsOptional()
  @IsIn(['CONFIRM', 'REJECT'])
  confirm?: 'CONFIRM' | 'REJECT';

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  rejectReason?: string;

  /** The n-th visit gets the n-th outcome; the last one repeats. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(VISIT_OUTCOMES, { each: true })
  visitOutcomes?: VisitOutcome[];

  /** Replaces EMS_SIMULATOR_DELAY_MS for the events of the matching notices. */
  @IsOptional()
  @IsInt()
  @Min(0)
  delayMs?: number;

  /** Each event is delivered this many times with the same webhook-id. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  duplicates?: number;

  /** The visit goes out before the confirmation. */
  @IsOptional()
  @IsBoolean()
  reorder?: boolean;

  /**
   * The first this-many tries of each matching notice are answered 409: a request with its
   * Idempotency-Key still being processed (api.md), which the sender tries again.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  busyFor?: number;

  /** true holds the matching notices' events (as the hold mode does); false sends them even in hold mode. */
  @IsOptional()
  @IsBoolean()
  hold?: boolean;
}
