// Management information for the EM Lead (api.md, "Management information"), counted by the record's
// database over every variation ever recorded. No personal data: PDU codes, statuses, routes, counts
// and working days only.
import { type Kysely, sql } from 'kysely';
import { WAITING_STEPS } from '../../domain/src/service-levels';
import { VISIT_OUTCOMES, type VisitOutcome } from '../../domain/src/variation';
import { STEP_TIMINGS } from './step-times';
import type { RecordTables } from './tables';

export interface PduCounts {
  pduCode: string;
  total: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, number>;
}

export interface StepDuration {
  step: string;
  /** How many times the step was completed. */
  count: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
}

export interface OverdueStep {
  pduCode: string;
  status: string;
  count: number;
}

export interface MonthCount {
  /** YYYY-MM, by the UK date of submission. */
  month: string;
  submitted: number;
}

export interface MiSummary {
  generatedAt: string;
  total: number;
  pdus: PduCounts[];
  steps: StepDuration[];
  overdue: OverdueStep[];
  emsVisitOutcomes: Record<VisitOutcome, number>;
  /** Variations submitted each month, oldest first: use over time. */
  months: MonthCount[];
}

/** Submitted (UK date) from and to, inclusive, and in one PDU: each optional. */
export interface MiFilters {
  from?: string;
  to?: string;
  pduCode?: string;
}

export class ManagementInformation {
  constructor(private readonly db: Kysely<RecordTables>) {}

  /** `today`: the UK date now, which decides what is overdue. */
  async summary(filters: MiFilters, now: Date, today: string): Promise<MiSummary> {
    const [counts, durations, overdue, visits, months] = await Promise.all([
      this.variations(filters)
        .select(['pdu_code', 'status', 'route', (eb) => eb.fn.countAll<string>().as('count')])
        .groupBy(['pdu_code', 'status', 'route'])
        .execute(),
      this.steps(filters)
        .select(['step', 'working_days', (eb) => eb.fn.countAll<string>().as('count')])
        .groupBy(['step', 'working_days'])
        .orderBy('working_days')
        .execute(),
      this.variations(filters)
        .select(['pdu_code', 'status', (eb) => eb.fn.countAll<string>().as('count')])
        .where('open', '=', true)
        .where('due_by', '<', today)
        .where('status', 'in', Object.keys(WAITING_STEPS))
        .groupBy(['pdu_code', 'status'])
        .execute(),
      this.variations(filters)
        .select([
          sql<string>`unnest(visit_outcomes)`.as('outcome'),
          (eb) => eb.fn.countAll<string>().as('count'),
        ])
        .groupBy('outcome')
        .execute(),
      this.variations(filters)
        .select([
          sql<string>`to_char(submitted_on, 'YYYY-MM')`.as('month'),
          (eb) => eb.fn.countAll<string>().as('count'),
        ])
        .groupBy('month')
        .orderBy('month')
        .execute(),
    ]);
    return {
      generatedAt: now.toISOString(),
      total: counts.reduce((sum, row) => sum + Number(row.count), 0),
      pdus: countsByPdu(counts),
      steps: STEP_TIMINGS.map(({ step }) => stepDuration(step, durations)),
      overdue: overdue
        .map((row) => ({ pduCode: row.pdu_code, status: row.status, count: Number(row.count) }))
        .sort(
          (a, b) =>
            b.count - a.count || a.pduCode.localeCompare(b.pduCode) || a.status.localeCompare(b.status),
        ),
      emsVisitOutcomes: Object.fromEntries(
        VISIT_OUTCOMES.map((outcome) => [
          outcome,
          Number(visits.find((row) => row.outcome === outcome)?.count ?? 0),
        ]),
      ) as Record<VisitOutcome, number>,
      months: months.map((row) => ({ month: row.month, submitted: Number(row.count) })),
    };
  }

  private variations(filters: MiFilters) {
    return this.db.selectFrom('variations').where(conditionOf(filters));
  }

  private steps(filters: MiFilters) {
    return this.db.selectFrom('variation_steps').where(conditionOf(filters));
  }
}

/** The filters, for either table: both carry the PDU and the date of submission. */
function conditionOf({ from, to, pduCode }: MiFilters) {
  const conditions = [sql<boolean>`true`];
  if (from) conditions.push(sql<boolean>`submitted_on >= ${from}`);
  if (to) conditions.push(sql<boolean>`submitted_on <= ${to}`);
  if (pduCode) conditions.push(sql<boolean>`pdu_code = ${pduCode}`);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

function countsByPdu(
  rows: { pdu_code: string; status: string; route: string; count: string }[],
): PduCounts[] {
  const pdus = new Map<string, PduCounts>();
  for (const row of rows) {
    const counts = pdus.get(row.pdu_code) ?? { pduCode: row.pdu_code, total: 0, byStatus: {}, byRoute: {} };
    const count = Number(row.count);
    counts.total += count;
    counts.byStatus[row.status] = (counts.byStatus[row.status] ?? 0) + count;
    counts.byRoute[row.route] = (counts.byRoute[row.route] ?? 0) + count;
    pdus.set(row.pdu_code, counts);
  }
  return [...pdus.values()].sort((a, b) => a.pduCode.localeCompare(b.pduCode));
}

/** The step's median and 90th percentile from how many times it took each number of working days. */
function stepDuration(
  step: string,
  rows: { step: string; working_days: number; count: string }[],
): StepDuration {
  const histogram = rows
    .filter((row) => row.step === step)
    .map((row) => ({ days: row.working_days, count: Number(row.count) }));
  const count = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  return {
    step,
    count,
    medianWorkingDays: percentile(histogram, count, 50),
    p90WorkingDays: percentile(histogram, count, 90),
  };
}

/**
 * The p-th percentile of the values a histogram (in ascending order) counts, interpolating between
 * ranks (so the median of 1, 2, 3, 4 is 2.5); one decimal.
 */
export function percentile(histogram: { days: number; count: number }[], count: number, p: number) {
  if (count === 0) return null;
  const rank = (p / 100) * (count - 1);
  const below = Math.floor(rank);
  const valueAt = (index: number) => {
    let seen = 0;
    for (const bucket of histogram) {
      seen += bucket.count;
      if (index < seen) return bucket.days;
    }
    return histogram.at(-1)!.days;
  };
  const low = valueAt(below);
  const value = low + (valueAt(Math.min(below + 1, count - 1)) - low) * (rank - below);
  return Math.round(value * 10) / 10;
}
