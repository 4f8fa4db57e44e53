// How long each step of a variation took, from its timeline: what management information times (R16).
import { ukDateOf } from '../../domain/src/dates';
import type { TimelineEvent } from '../../domain/src/variation';
import { workingDaysBetween } from '../../domain/src/working-days';

/**
 * How each step is timed from the timeline: from the latest event that starts it to the event that ends
 * it. A step that happens again (a second triage after an amendment, a second visit) counts again.
 */
export const STEP_TIMINGS: { step: string; starts: string[]; ends: string[] }[] = [
  {
    step: 'TRIAGE',
    starts: ['SUBMITTED', 'CHECKS_RECORDED', 'AMENDED'],
    ends: ['TRIAGE_ACCEPT', 'TRIAGE_RETURN', 'TRIAGE_REJECT'],
  },
  {
    step: 'APPROVAL',
    starts: ['TRIAGE_ACCEPT'],
    ends: ['APPROVAL_APPROVE', 'APPROVAL_RETURN', 'APPROVAL_REJECT'],
  },
  {
    step: 'EMS_CONFIRMATION',
    starts: ['APPROVAL_APPROVE', 'COURT_GRANTED'],
    ends: ['EMS_CONFIRMED', 'EMS_REJECTED'],
  },
  { step: 'EMS_VISIT', starts: ['EMS_CONFIRMED', 'EMS_VISIT_REBOOKED'], ends: ['EMS_VISIT_COMPLETED'] },
  // From the last of what the PoP waits for (R15): the notices, the provider's confirmation or visit,
  // or, unmonitored on the court route, the grant itself.
  {
    step: 'POP_INFORMED',
    starts: ['NOTICE_SENT', 'EMS_CONFIRMED', 'EMS_VISIT_COMPLETED', 'COURT_GRANTED'],
    ends: ['POP_INFORMED'],
  },
  { step: 'COURT_APPLICATION', starts: ['SUBMITTED'], ends: ['COURT_APPLICATION_LODGED'] },
  { step: 'COURT_DECISION', starts: ['COURT_APPLICATION_LODGED'], ends: ['COURT_GRANTED', 'COURT_REFUSED'] },
  { step: 'SUBMISSION_TO_COMPLETION', starts: ['SUBMITTED'], ends: ['COMPLETED'] },
];

export interface StepTime {
  step: string;
  /** The how-manieth time the step ran, from 1. */
  round: number;
  startedAt: string;
  endedAt: string;
  /** Working days (R16) from the UK date it started to the UK date it ended. */
  workingDays: number;
}

/** Each time a step ran to its end, in timeline order per step. */
export function stepTimes(timeline: readonly TimelineEvent[]): StepTime[] {
  return STEP_TIMINGS.flatMap(({ step, starts, ends }) => {
    const times: StepTime[] = [];
    let startedAt: string | undefined;
    for (const { event, at } of timeline) {
      if (ends.includes(event) && startedAt) {
        const workingDays = workingDaysBetween(ukDateOf(startedAt)!, ukDateOf(at)!);
        times.push({ step, round: times.length + 1, startedAt, endedAt: at, workingDays });
        startedAt = undefined;
      }
      if (starts.includes(event)) startedAt = at;
    }
    return times;
  });
}
