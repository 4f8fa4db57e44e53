// Every message a variation workflow answers (architecture.md: human decisions are Updates with validators).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ServiceLevels } from '../libs/domain/src/service-levels';
import type { AddressChecks, Change, Consent, HoursPolicy, VariationRequest } from '../libs/domain/src/types';
import type {
  Actor,
  ApprovalDecision,
  DecisionRequest,
  TriageDecision,
  VariationView,
  VisitOutcome,
} from '../libs/domain/src/variation';

export interface VariationInput {
  id: string;
  request: VariationRequest;
  submittedBy: Actor;
  /** When the api took the submission (ISO): the first step starts then. Absent from older variations. */
  submittedAt?: string;
  /** SHA-256 of the submitted body, so a repeated Idempotency-Key can be told apart from a reuse (api.md). */
  requestHash: string;
  /** Policy in force at submission, so an amendment is judged by the same rules (R7). */
  hoursPolicy: HoursPolicy;
  serviceLevels: ServiceLevels;
  /** How long a notice waits before trying again when its recipient has no mailbox (default an hour). */
  noticeRetryMs?: number;
}

/** The whole view of a variation: state, steps, decisions, timeline. */
export const viewQuery = defineQuery<VariationView>('view');
export const requestHashQuery = defineQuery<string>('requestHash');
/** Whether the variation has taken the EMS event with this webhook-id: a redelivery after it ended is still a 204. */
export const emsEventTakenQuery = defineQuery<boolean, [string]>('emsEventTaken');

export interface Acting {
  by: Actor;
}

export const checksUpdate = defineUpdate<VariationView, [{ checks: AddressChecks } & Acting]>('checks');
export const triageUpdate = defineUpdate<VariationView, [DecisionRequest<TriageDecision>]>('triage');
export const approvalUpdate = defineUpdate<VariationView, [DecisionRequest<ApprovalDecision>]>('approval');
/** The whole amended change; the person's consent to it when it varies the curfew otherwise (R5). */
export interface Amendment {
  change: Change;
  addressChecks?: AddressChecks;
  consent?: Consent;
  note?: string;
}

export const amendmentUpdate = defineUpdate<VariationView, [Amendment & Acting]>('amendment');
export const withdrawalUpdate = defineUpdate<VariationView, [{ reason: string } & Acting]>('withdrawal');
export const rebookVisitUpdate = defineUpdate<VariationView, [Acting]>('rebookVisit');
export const popInformedUpdate = defineUpdate<
  VariationView,
  [{ informedAt: string; method: 'IN_PERSON' | 'PHONE' | 'VIDEO' } & Acting]
>('popInformed');

/** What the EMS provider's webhooks tell us (api.md, EMS provider), with the delivery's webhook-id. */
export type EmsEvent = { webhookId?: string } & (
  | { type: 'variation.confirmed'; reference: string; occurredAt: string }
  | { type: 'variation.rejected'; reference: string; reason: string; occurredAt: string }
  | { type: 'visit.completed'; outcome: VisitOutcome; occurredAt: string }
);
/**
 * A signal, not an Update: nobody waits for the workflow's answer (the provider needs only to know
 * the event is recorded), and a signal is an event in history, replayed in the order it came. An
 * Update taken by a worker starting cold, in the same task as an activity's completion, was replayed
 * in another order than it ran (a nondeterminism error the fault suite found after worker kills). A
 * repeat changes nothing: a delivery is taken once by its webhook-id, and an event once by its content.
 */
export const emsEventSignal = defineSignal<[EmsEvent]>('emsEvent');

export const courtApplicationUpdate = defineUpdate<
  VariationView,
  [{ lodgedAt: string; hearingDate?: string } & Acting]
>('courtApplication');
export const courtDecisionUpdate = defineUpdate<
  VariationView,
  [{ decision: 'GRANTED' | 'REFUSED'; decidedAt: string; change?: Change } & Acting]
>('courtDecision');

/**
 * From the service-level sweep (R16): this variation's ServiceLevelDueAt has passed. A signal, not an
 * Update: nobody waits for the answer, and a repeat changes nothing.
 */
export const serviceLevelDueSignal = defineSignal('serviceLevelDue');

/** Failure type of an Update refused because it does not fit the current state (HTTP 409). */
export const INVALID_STATE = 'INVALID_STATE';
/** Failure type of an Update refused because the actor lacks the role for that step (HTTP 403). */
export const FORBIDDEN = 'FORBIDDEN';
/** Failure type of an amendment or court terms that break the rules (HTTP 422, details: the outcome). */
export const RULES_BROKEN = 'RULES_BROKEN';
/** Failure type of a return or rejection without a reason (HTTP 400). */
export const REASON_REQUIRED = 'REASON_REQUIRED';
