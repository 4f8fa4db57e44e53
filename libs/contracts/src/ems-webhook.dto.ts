// The EMS provider's webhook body (api.md, EMS provider): shape only; the signature is checked first.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsRFC3339,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { VISIT_OUTCOMES, type VisitOutcome } from '../../domain/src/variation';

export const EMS_EVENT_TYPES = ['variation.confirmed', 'variation.rejected', 'visit.completed'] as const;
export type EmsEventType = (typeof EMS_EVENT_TYPES)[number];

export class EmsEventDataDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'data.variationId must be a variation id' })
  variationId!: string;

  @ApiPropertyOptional({ example: 'EMS-123', description: 'variation.confirmed and variation.rejected' })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference?: string;

  @ApiPropertyOptional({ description: 'variation.rejected' })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ enum: VISIT_OUTCOMES, description: 'visit.completed' })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(VISIT_OUTCOMES)
  outcome?: VisitOutcome;

  @ApiProperty({ format: 'date-time' })
  @IsRFC3339()
  occurredAt!: string;
}

export class EmsWebhookDto {
  @ApiProperty({ enum: EMS_EVENT_TYPES })
  @IsIn(EMS_EVENT_TYPES, { message: `type must be one of ${EMS_EVENT_TYPES.join(', ')}` })
  type!: EmsEventType;

  @ApiProperty({ type: EmsEventDataDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => EmsEventDataDto)
  data!: EmsEventDataDto;
}

/** Which fields each event type needs beyond the shape above; the answer names the missing ones. */
export function missingFields(body: EmsWebhookDto): string[] {
  const needs: Record<EmsEventType, (keyof EmsEventDataDto)[]> = {
    'variation.confirmed': ['reference'],
    'variation.rejected': ['reference', 'reason'],
    'visit.completed': ['outcome'],
  };
  return needs[body.type].filter((field) => body.data[field] === undefined).map((field) => `data.${field}`);
}
