// Bodies of the actions on a variation (api.md, "Acting on a variation" and "The court route").
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsRFC3339,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { CONSENT_METHODS, type ConsentMethod } from '../../domain/src/types';
import { HasText, IsCalendarDate, IsNotFutureDate, IsNotFutureTimestamp, Omittable } from './formats';
import { AddressChecksDto, ChangeDto, ConsentDto } from './variation-request.dto';

export class AmendmentDto {
  @ApiProperty({ type: ChangeDto, description: 'The whole amended change; checked against the rules again' })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => ChangeDto)
  change!: ChangeDto;

  @ApiPropertyOptional({ type: AddressChecksDto })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => AddressChecksDto)
  addressChecks?: AddressChecksDto;

  @ApiPropertyOptional({
    type: ConsentDto,
    description:
      "R5: the person's consent to the amended variation. Required when the amendment changes the address, times or effective date; otherwise the consent already given stands",
  })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;

  @ApiPropertyOptional({ description: 'What changed, for the SPO' })
  @Omittable()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class WithdrawalDto {
  @ApiProperty()
  @IsString()
  @HasText('reason must say why the variation is withdrawn')
  @MaxLength(2000)
  reason!: string;
}

export class EmsVisitDto {
  @ApiProperty({ enum: ['REBOOK'] })
  @IsIn(['REBOOK'], { message: 'action must be REBOOK' })
  action!: 'REBOOK';
}

export class PopInformedDto {
  @ApiProperty({ example: '2026-12-01T10:00:00Z', format: 'date-time' })
  @IsRFC3339()
  @IsNotFutureTimestamp()
  informedAt!: string;

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS, { message: `method must be one of ${CONSENT_METHODS.join(', ')}` })
  method!: ConsentMethod;
}

export class CourtApplicationDto {
  @ApiProperty({ example: '2026-12-01', format: 'date' })
  @IsCalendarDate()
  @IsNotFutureDate()
  lodgedAt!: string;

  @ApiPropertyOptional({ example: '2026-12-15', format: 'date' })
  @Omittable()
  @IsCalendarDate()
  hearingDate?: string;
}

export class CourtDecisionDto {
  @ApiProperty({ enum: ['GRANTED', 'REFUSED'] })
  @IsIn(['GRANTED', 'REFUSED'], { message: 'decision must be GRANTED or REFUSED' })
  decision!: 'GRANTED' | 'REFUSED';

  @ApiProperty({ example: '2026-12-15', format: 'date' })
  @IsCalendarDate()
  decidedAt!: string;

  @ApiPropertyOptional({
    type: ChangeDto,
    description: 'Required on a grant: what the court actually ordered',
  })
  @ValidateIf((o: CourtDecisionDto) => o.decision === 'GRANTED' || o.change !== undefined)
  @IsDefined({ message: 'change is required when the court granted the variation' })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => ChangeDto)
  change?: ChangeDto;
}
