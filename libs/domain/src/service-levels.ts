// R16: each step has a service level; a reminder when it is due, an escalation when it is overdue.
// The numbers are policy, so configuration (SLA_<STEP>_DUE, SLA_<STEP>_ESCALATE).
import { ukToday } from './dates';
import type { Status } from './variation';
import { addWorkingDays, ukInstant } from './working-days';

/** Working days for real; plain milliseconds so that tests can run a service level in seconds. */
export type Duration = { workingDays: number } | { milliseconds: number };

export interface ServiceLevel {
  due: Duration;
  escalate: Duration;
}

export type Party = 'PRACTITIONER' | 'SPO' | 'PDU_HEAD' | 'EM_LEAD';

/** The steps that wait for someone, the name of their setting, and who is reminded and escalated to. */
export const WAITING_STEPS = {
  AWAITING_CHECKS: { setting: 'CHECKS', remind: 'PRACTITIONER', escalate: 'SPO' },
  AWAITING_TRIAGE: { setting: 'TRIAGE', remind: 'SPO', escalate: 'PDU_HEAD' },
  RETURNED: { setting: 'RETURNED', remind: 'PRACTITIONER', escalate: 'SPO' },
  AWAITING_APPROVAL: { setting: 'APPROVAL', remind: 'PDU_HEAD', escalate: 'EM_LEAD' },
  AWAITING_EMS_CONFIRMATION: { setting: 'EMS_CONFIRMATION', remind: 'PRACTITIONER', escalate: 'EM_LEAD' },
  AWAITING_EMS_VISIT: { setting: 'EMS_VISIT', remind: 'PRACTITIONER', escalate: 'EM_LEAD' },
  EMS_VISIT_FAILED: { setting: 'EMS_VISIT_FAILED', remind: 'PRACTITIONER', escalate: 'SPO' },
  AWAITING_POP_INFORMED: { setting: 'POP_INFORMED', remind: 'PRACTITIONER', escalate: 'SPO' },
  AWAITING_COURT_APPLICATION: { setting: 'COURT_APPLICATION', remind: 'PRACTITIONER', escalate: 'SPO' },
  AWAITING_COURT_DECISION: { setting: 'COURT_DECISION', remind: 'PRACTITIONER', escalate: 'SPO' },
} as const satisfies Partial<Record<Status, { setting: string; remind: Party; escalate: Party }>>;

export type WaitingStatus = keyof typeof WAITING_STEPS;
export type ServiceLevels = Partial<Record<WaitingStatus, ServiceLevel>>;

/** Defaults in working days: [due, escalate]. An operator overrides any of them. */
const DEFAULTS: Record<WaitingStatus, [number, number]> = {
  AWAITING_CHECKS: [5, 10],
  AWAITING_TRIAGE: [2, 3],
  RETURNED: [5, 10],
  AWAITING_APPROVAL: [2, 3],
  AWAITING_EMS_CONFIRMATION: [1, 2],
  AWAITING_EMS_VISIT: [3, 5],
  EMS_VISIT_FAILED: [2, 5],
  AWAITING_POP_INFORMED: [2, 5],
  AWAITING_COURT_APPLICATION: [5, 10],
  AWAITING_COURT_DECISION: [20, 30],
};

/**
 * Reads `SLA_<STEP>_DUE` and `SLA_<STEP>_ESCALATE` (e.g. "2 working days", or "3s" in tests).
 * Throws naming the variable when one cannot be read, or escalation would come before the due date.
 */
export function serviceLevelsFrom(env: Record<string, string | undefined>): Required<ServiceLevels> {
  const levels = {} as Required<ServiceLevels>;
  for (const [status, { setting }] of Object.entries(WAITING_STEPS) as [
    WaitingStatus,
    { setting: string },
  ][]) {
    const [dueDays, escalateDays] = DEFAULTS[status];
    const due = readDuration(`SLA_${setting}_DUE`, env[`SLA_${setting}_DUE`]) ?? { workingDays: dueDays };
    const escalate = readDuration(`SLA_${setting}_ESCALATE`, env[`SLA_${setting}_ESCALATE`]) ?? {
      workingDays: escalateDays,
    };
    if ('workingDays' in due !== 'workingDays' in escalate || size(escalate) <= size(due)) {
      throw new Error(`SLA_${setting}_ESCALATE must be later than SLA_${setting}_DUE, in the same unit`);
    }
    levels[status] = { due, escalate };
  }
  return levels;
}

const size = (d: Duration) => ('workingDays' in d ? d.workingDays : d.milliseconds);

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function readDuration(name: string, value: string | undefined): Duration | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const days = /^\s*(\d+)\s+working\s+days?\s*$/i.exec(value);
  if (days) return { workingDays: Number(days[1]) };
  const plain = /^\s*(\d+)\s*(ms|s|m|h)\s*$/.exec(value);
  if (plain) return { milliseconds: Number(plain[1]) * UNITS[plain[2]] };
  throw new Error(`${name} must be a number of working days ("2 working days") or a duration ("30s")`);
}

/**
 * When a duration started at `start` runs out. Working days end at 09:00 UK time on the day they
 * land on, so a reminder arrives at the start of the working day it is due.
 */
export function deadline(start: Date, duration: Duration): Date {
  if ('milliseconds' in duration) return new Date(start.getTime() + duration.milliseconds);
  return ukInstant(addWorkingDays(ukToday(start), duration.workingDays), '09:00');
}
