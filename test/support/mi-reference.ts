// Management information as it was counted before the record: in memory, over every variation's view.
// Kept as the reference the record's SQL (libs/record/src/management-information.ts) must agree with.
import { ukDateOf } from '../../libs/domain/src/dates';
import { WAITING_STEPS } from '../../libs/domain/src/service-levels';
import type { MiSummary, OverdueStep, PduCounts } from '../../libs/record/src/management-information';
import { STEP_TIMINGS } from '../../libs/record/src/step-times';
import {
  FINAL_STATUSES,
  VISIT_OUTCOMES,
  type TimelineEvent,
  type VariationView,
  type VisitOutcome,
} from '../../libs/domain/src/variation';
import { workingDaysBetween } from '../../libs/domain/src/working-days';

export function summarise(views: VariationView[], now: Date): Omit<MiSummary, 'months'> {
  const today = ukDateOf(now.toISOString())!;
  return {
    generatedAt: now.toISOString(),
    total: views.length,
    pdus: countsByPdu(views),
    steps: STEP_TIMINGS.map(({ step, starts, ends }) => {
      const days = views.flatMap((view) => stepDurations(view.timeline, starts, ends));
      return {
        step,
        count: days.length,
        medianWorkingDays: percentile(days, 50),
        p90WorkingDays: percentile(days, 90),
      };
    }),
    overdue: overdueSteps(views, today),
    emsVisitOutcomes: visitOutcomes(views),
  };
}

function countsByPdu(views: VariationView[]): PduCounts[] {
  const pdus = new Map<string, PduCounts>();
  for (const view of views) {
    const pduCode = view.practitioner.pduCode;
    const counts = pdus.get(pduCode) ?? { pduCode, total: 0, byStatus: {}, byRoute: {} };
    counts.total++;
    counts.byStatus[view.status] = (counts.byStatus[view.status] ?? 0) + 1;
    counts.byRoute[view.route] = (counts.byRoute[view.route] ?? 0) + 1;
    pdus.set(pduCode, counts);
  }
  return [...pdus.values()].sort((a, b) => a.pduCode.localeCompare(b.pduCode));
}

/** Working days (R16) each time the step ran, in timeline order. */
function stepDurations(timeline: TimelineEvent[], starts: string[], ends: string[]): number[] {
  const days: number[] = [];
  let startedAt: string | undefined;
  for (const { event, at } of timeline) {
    if (ends.includes(event) && startedAt) {
      days.push(workingDaysBetween(ukDateOf(startedAt)!, ukDateOf(at)!));
      startedAt = undefined;
    }
    if (starts.includes(event)) startedAt = at;
  }
  return days;
}

/** The p-th percentile, interpolating between ranks (so the median of 1, 2, 3, 4 is 2.5); one decimal. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  const value = sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
  return Math.round(value * 10) / 10;
}

/** Steps past their due date (R16), by PDU and the status that waits. */
function overdueSteps(views: VariationView[], today: string): OverdueStep[] {
  const counts = new Map<string, OverdueStep>();
  for (const view of views) {
    if (FINAL_STATUSES.includes(view.status) || !view.dueBy || view.dueBy >= today) continue;
    if (!Object.hasOwn(WAITING_STEPS, view.status)) continue;
    const key = `${view.practitioner.pduCode}|${view.status}`;
    const entry = counts.get(key) ?? { pduCode: view.practitioner.pduCode, status: view.status, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.pduCode.localeCompare(b.pduCode) || a.status.localeCompare(b.status),
  );
}

/** Every visit the EMS provider reported, failed ones too (a rebooked visit counts twice). */
function visitOutcomes(views: VariationView[]): Record<VisitOutcome, number> {
  const counts = Object.fromEntries(VISIT_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    VisitOutcome,
    number
  >;
  for (const view of views) {
    for (const { event, note } of view.timeline) {
      if (event === 'EMS_VISIT_COMPLETED' && note && Object.hasOwn(counts, note))
        counts[note as VisitOutcome]++;
    }
  }
  return counts;
}
