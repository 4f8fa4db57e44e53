// The Variation Notice as the EMS provider receives it (api.md, EMS provider): POST {EMS_API_URL}/variation-notices.
// Our client sends it; the EMS simulator validates it with these same classes.
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CourtDto, CurfewPeriodDto, AddressDto } from './variation-request.dto';
import { IsCalendarDate } from './formats';

export const EMS_VARIATION_TYPES = ['CHANGE_TO_ADDRESS', 'CHANGE_TO_CURFEW_HOURS'] as const;
export type EmsVariationType = (typeof EMS_VARIATION_TYPES)[number];

export class EmsPersonDto {
  @Matches(/^[A-Z]\d{6}$/)
  crn!: string;

  @IsString()
  firstName!: string;

  @IsString()
  lastName!: string;

  @IsCalendarDate()
  dateOfBirth!: string;
}

export class ResponsibleOfficerDto {
  @IsString()
  name!: string;

  @IsEmail()
  email!: string;

  @Matches(/^[A-Z0-9]{2,10}$/)
  pduCode!: string;
}

export class EmsNoticeDto {
  @ApiProperty({ description: 'Our variation id: the provider quotes it in its webhooks' })
  @IsUUID('all')
  variationId!: string;

  @ApiProperty({ enum: ['VARIATION', 'WITHDRAWAL'] })
  @IsIn(['VARIATION', 'WITHDRAWAL'])
  kind!: 'VARIATION' | 'WITHDRAWAL';

  @ApiProperty({ enum: EMS_VARIATION_TYPES, isArray: true })
  @ArrayMinSize(1)
  @IsIn(EMS_VARIATION_TYPES, { each: true })
  variationTypes!: EmsVariationType[];

  @IsCalendarDate()
  effectiveFrom!: string;

  /** The whole per-day schedule in force from the effective date. */
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CurfewPeriodDto)
  schedule!: CurfewPeriodDto[];

  /** Where the equipment is (or is to be) installed. */
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  installationAddress!: AddressDto;

  @IsObject()
  @ValidateNested()
  @Type(() => EmsPersonDto)
  person!: EmsPersonDto;

  @IsObject()
  @ValidateNested()
  @Type(() => ResponsibleOfficerDto)
  responsibleOfficer!: ResponsibleOfficerDto;

  @IsObject()
  @ValidateNested()
  @Type(() => CourtDto)
  sentencingCourt!: CourtDto;
}
