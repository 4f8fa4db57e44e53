// The body of POST /variations (api.md, "Submitting a variation"). Shape only: the rules live in libs/domain.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import {
  type CheckOutcome,
  CHECK_OUTCOMES,
  CONSENT_METHODS,
  type ConsentMethod,
  DAYS,
  type DayOfWeek,
} from '../../domain/src/types';
import { IsCalendarDate, IsClockTime, IsDateOrTimestamp, Omittable } from './formats';

const TEXT = 200;
const LONG_TEXT = 2000;

export class PersonDto {
  @ApiProperty({ example: 'X123456', description: 'Case reference number in nDelius' })
  @Matches(/^[A-Z]\d{6}$/, { message: 'person.crn must be a letter and six digits, e.g. X123456' })
  crn!: string;

  @ApiProperty({ example: 'Sam' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  firstName!: string;

  @ApiProperty({ example: 'Jones' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  lastName!: string;

  @ApiProperty({ example: '1990-04-01', format: 'date' })
  @IsCalendarDate()
  dateOfBirth!: string;
}

export class PractitionerDto {
  @ApiProperty({ example: 'Alex Smith' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  name!: string;

  @ApiProperty({ example: 'alex.smith@probation.example' })
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'N07CEN', description: 'Probation delivery unit code' })
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'practitioner.pduCode must be 2-10 capital letters or digits' })
  pduCode!: string;
}

export class CourtDto {
  @ApiProperty({ example: 'B01LY' })
  @Matches(/^[A-Z0-9]{2,10}$/, {
    message: 'order.sentencingCourt.code must be 2-10 capital letters or digits',
  })
  code!: string;

  @ApiProperty({ example: "Example Magistrates' Court" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  name!: string;
}

/** nDelius numbers a person's events (convictions and their orders) from 1. */
const EventNumberDecorators = () =>
  applyDecorators(
    ApiPropertyOptional({
      example: 1,
      description:
        "The order's event number in nDelius; optional when the person has only one order with a curfew requirement (R18)",
    }),
    Omittable(),
    IsInt({ message: '$property must be a whole number' }),
    Min(1),
    Max(9999),
  );

export class OrderDto {
  @EventNumberDecorators()
  eventNumber?: number;

  @ApiProperty({
    example: 'COMMUNITY_ORDER',
    description: 'COMMUNITY_ORDER or SUSPENDED_SENTENCE_ORDER; any other order is not eligible (R1)',
  })
  @Matches(/^[A-Z_]{2,50}$/, { message: 'order.type must be an order type such as COMMUNITY_ORDER' })
  type!: string;

  @ApiProperty({ example: '2024-01-10', format: 'date' })
  @IsCalendarDate()
  convictionDate!: string;

  @ApiProperty({ example: '2024-02-01', format: 'date' })
  @IsCalendarDate()
  sentenceDate!: string;

  @ApiProperty({ type: CourtDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => CourtDto)
  sentencingCourt!: CourtDto;

  @ApiProperty({ description: 'The order has a residence requirement (R10)' })
  @IsBoolean()
  residenceRequirement!: boolean;

  @ApiProperty({ description: 'The curfew has a stipulated boundary area (R11)' })
  @IsBoolean()
  stipulatedBoundary!: boolean;
}

export class AddressDto {
  @ApiProperty({ example: '1 High Street' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  line1!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(TEXT)
  line2?: string;

  @ApiProperty({ example: 'Leeds' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  town!: string;

  @ApiProperty({ example: 'LS1 1AA' })
  @Matches(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, { message: '$property must be a UK postcode' })
  postcode!: string;
}

export class CurfewPeriodDto {
  @ApiProperty({ enum: DAYS, example: 'MONDAY' })
  @IsIn(DAYS, { message: `$property must be one of ${DAYS.join(', ')}` })
  day!: DayOfWeek;

  @ApiProperty({ example: '19:00', description: 'UK local time, HH:mm' })
  @IsClockTime()
  start!: string;

  @ApiProperty({
    example: '07:00',
    description: 'UK local time, HH:mm; before the start means the next morning',
  })
  @IsClockTime()
  end!: string;
}

export class CurfewDto {
  @ApiProperty({ example: '2024-02-01', format: 'date' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '2025-01-31', format: 'date' })
  @IsCalendarDate()
  endDate!: string;

  @ApiProperty()
  @IsBoolean()
  electronicallyMonitored!: boolean;

  @ApiProperty({ type: AddressDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @ApiProperty({ type: [CurfewPeriodDto] })
  @ArrayMinSize(1, { message: 'curfew.periods must hold at least one period' })
  @ArrayMaxSize(28)
  @ValidateNested({ each: true })
  @Type(() => CurfewPeriodDto)
  periods!: CurfewPeriodDto[];
}

export class ChangeDto {
  @ApiProperty({ example: 'Started evening shifts at a warehouse', description: 'R3: mandatory' })
  @IsString()
  @IsNotEmpty({ message: 'change.circumstances must describe the change in circumstances (R3)' })
  @MaxLength(LONG_TEXT)
  circumstances!: string;

  @ApiProperty({ example: '2024-06-01', format: 'date', description: 'R6' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ type: [CurfewPeriodDto], description: 'Replaces the whole schedule' })
  @Omittable()
  @ArrayMinSize(1, { message: 'change.periods must hold at least one period, or be left out' })
  @ArrayMaxSize(28)
  @ValidateNested({ each: true })
  @Type(() => CurfewPeriodDto)
  periods?: CurfewPeriodDto[];

  @ApiPropertyOptional({ type: AddressDto, description: 'Replaces the curfew address' })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

export class ConsentDto {
  @ApiProperty({ description: 'R5: the PoP consents' })
  @IsBoolean()
  given!: boolean;

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS, { message: `$property must be one of ${CONSENT_METHODS.join(', ')}` })
  method!: ConsentMethod;

  @ApiProperty({ example: '2024-05-20T10:00:00Z', description: 'A date, or a timestamp' })
  @IsDateOrTimestamp()
  recordedAt!: string;
}

export class SafeguardingCheckDto {
  @ApiProperty({ enum: CHECK_OUTCOMES })
  @IsIn(CHECK_OUTCOMES)
  outcome!: CheckOutcome;

  @ApiProperty({ example: 'Leeds' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  localAuthority!: string;

  @ApiProperty({ example: '2024-05-21', format: 'date' })
  @IsCalendarDate()
  completedAt!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(LONG_TEXT)
  notes?: string;
}

export class DomesticAbuseCheckDto {
  @ApiProperty({ enum: CHECK_OUTCOMES })
  @IsIn(CHECK_OUTCOMES)
  outcome!: CheckOutcome;

  @ApiProperty({ example: 'West Yorkshire' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  policeForce!: string;

  @ApiProperty({ example: '2024-05-21', format: 'date' })
  @IsCalendarDate()
  completedAt!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(LONG_TEXT)
  notes?: string;
}

export class HouseholderDto {
  @ApiProperty({ example: 'Pat Jones' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT)
  name!: string;

  @ApiProperty()
  @IsBoolean()
  consented!: boolean;

  @ApiProperty({ example: 'Supportive', description: 'R9: the attitude of others affected' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LONG_TEXT)
  attitudeOfOthers!: string;

  @ApiProperty({ example: '2024-05-21', format: 'date' })
  @IsCalendarDate()
  recordedAt!: string;
}

/** R9: the checks on a new address; any part may come at submission or later. */
export class AddressChecksDto {
  @ApiPropertyOptional({ type: SafeguardingCheckDto })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SafeguardingCheckDto)
  safeguarding?: SafeguardingCheckDto;

  @ApiPropertyOptional({ type: DomesticAbuseCheckDto })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => DomesticAbuseCheckDto)
  domesticAbuse?: DomesticAbuseCheckDto;

  @ApiPropertyOptional({ type: HouseholderDto })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => HouseholderDto)
  householder?: HouseholderDto;
}

export class VariationRequestDto {
  @ApiProperty({ type: PersonDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => PersonDto)
  person!: PersonDto;

  @ApiProperty({ type: PractitionerDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => PractitionerDto)
  practitioner!: PractitionerDto;

  @ApiProperty({ type: OrderDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => OrderDto)
  order!: OrderDto;

  @ApiProperty({ type: CurfewDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => CurfewDto)
  curfew!: CurfewDto;

  @ApiProperty({ type: ChangeDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => ChangeDto)
  change!: ChangeDto;

  @ApiProperty({ type: ConsentDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;

  @ApiPropertyOptional({ type: AddressChecksDto })
  @Omittable()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => AddressChecksDto)
  addressChecks?: AddressChecksDto;
}

/** The order a submission by the order names (R18): the person's CRN and the order's event number. */
export class OrderReferenceDto {
  @ApiProperty({ example: 'X123456', description: 'Case reference number in nDelius' })
  @Matches(/^[A-Z]\d{6}$/, { message: 'order.crn must be a letter and six digits, e.g. X123456' })
  crn!: string;

  @EventNumberDecorators()
  eventNumber?: number;
}

/**
 * POST /variations by the order (api.md): the order named and only what changes. The person, the
 * order's details and its curfew as it stands come from the record (R18).
 */
export class OrderSubmissionDto extends OmitType(VariationRequestDto, [
  'person',
  'order',
  'curfew',
] as const) {
  @ApiProperty({ type: OrderReferenceDto })
  @IsDefined()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => OrderReferenceDto)
  order!: OrderReferenceDto;
}
