// The OpenAPI description of GET /mi/summary: its filters and its answer (mi-summary.ts computes it).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsCalendarDate, Omittable } from '../../../../libs/contracts/src/formats';
import { VISIT_OUTCOMES } from '../../../../libs/domain/src/variation';
import type {
  MiSummary,
  MonthCount,
  OverdueStep,
  PduCounts,
  StepDuration,
} from '../../../../libs/record/src/management-information';

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class MiSummaryQuery {
  @ApiPropertyOptional({ example: '2026-01-01', format: 'date', description: 'Submitted on or after' })
  @Omittable()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', format: 'date', description: 'Submitted on or before' })
  @Omittable()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ example: 'N07CEN' })
  @Omittable()
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'pduCode must be 2-10 capital letters or digits' })
  pduCode?: string;
}

class PduCountsDto implements PduCounts {
  @ApiProperty({ example: 'N07CEN' }) pduCode!: string;
  @ApiProperty({ example: 12 }) total!: number;
  @ApiProperty({ ...COUNTS, example: { AWAITING_TRIAGE: 3, COMPLETED: 9 } }) byStatus!: Record<
    string,
    number
  >;
  @ApiProperty({ ...COUNTS, example: { ADMINISTRATIVE: 11, COURT: 1 } }) byRoute!: Record<string, number>;
}

class StepDurationDto implements StepDuration {
  @ApiProperty({
    example: 'TRIAGE',
    description:
      'TRIAGE, APPROVAL, EMS_CONFIRMATION, EMS_VISIT, POP_INFORMED, COURT_APPLICATION, COURT_DECISION or SUBMISSION_TO_COMPLETION',
  })
  step!: string;
  @ApiProperty({ example: 8, description: 'How many times the step was completed' }) count!: number;
  @ApiProperty({ example: 1.5, nullable: true, type: Number, description: 'Median, in working days (R16)' })
  medianWorkingDays!: number | null;
  @ApiProperty({ example: 3, nullable: true, type: Number, description: '90th percentile, in working days' })
  p90WorkingDays!: number | null;
}

class OverdueStepDto implements OverdueStep {
  @ApiProperty({ example: 'N07CEN' }) pduCode!: string;
  @ApiProperty({ example: 'AWAITING_APPROVAL', description: 'The status that waits past its due date' })
  status!: string;
  @ApiProperty({ example: 2 }) count!: number;
}

class MonthCountDto implements MonthCount {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM, by the UK date of submission' }) month!: string;
  @ApiProperty({ example: 31, description: 'Variations submitted that month' }) submitted!: number;
}

export class MiSummaryDto implements MiSummary {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ example: 12, description: 'Variations counted' }) total!: number;
  @ApiProperty({ type: [PduCountsDto], description: 'Counts by status and route, per PDU' })
  pdus!: PduCounts[];
  @ApiProperty({ type: [StepDurationDto], description: 'Time each step took' }) steps!: StepDuration[];
  @ApiProperty({ type: [OverdueStepDto], description: 'Steps past their due date now' })
  overdue!: OverdueStep[];
  @ApiProperty({
    ...COUNTS,
    example: Object.fromEntries(VISIT_OUTCOMES.map((o) => [o, 0])),
    description: 'Every EMS visit reported, by outcome',
  })
  emsVisitOutcomes!: MiSummary['emsVisitOutcomes'];
  @ApiProperty({ type: [MonthCountDto], description: 'Variations submitted each month, oldest first' })
  months!: MonthCount[];
}
