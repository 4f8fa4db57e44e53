// Every message a variation workflow answers: people's actions, the EMS provider's events and the
// service-level sweep come as signals; queries read it.
import { defineQuery, defineSignal, type SignalDefinition } from '@temporalio/workflow';
import type { RecordEntry } from '../libs/record/src/variation-records';
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
  /** The order's keyed hash (R18), which the record keeps its versions under. Absent from older variations. */
  orderDigest?: string;
  /** R18: when the order's last completed variation took effect; amendments and grants may not go earlier. */
  lastEffectiveFrom?: string;
}

/** The whole view of a variation: state, steps, decisions, timeline. */
export const viewQuery = defineQuery<VariationView>('view');
/** What the record should hold of the variation now: its view, under its current version. */
export const recordEntryQuery = defineQuery<RecordEntry>('recordEntry');
export const requestHashQuery = defineQuery<string>('requestHash');
/** Whether the variation has taken the EMS event with this webhook-id: a redelivery after it ended is still a 204. */
export const emsEventTakenQuery = defineQuery<boolean, [string]>('emsEventTaken');

export interface Acting {
  by: Actor;
}

/**
 * A person's action (api.md, "Acting on a variation") is a signal carrying the caller's request id,
 * not an Update. A signal is an event in history and replays where it was recorded. An Update that
 * reached a worker starting cold in the same workflow task as an activity's completion was replayed
 * in another order than it ran, and the variation stuck (TS SDK 1.24; issue 19). The workflow records
 * the outcome, taken or refused, under the request id; the api reads it back with actionOutcomeQuery.
 */
export interface ActionRequest<A> {
  /** The same for a retry of the same call (from its Idempotency-Key): it is taken once. */
  requestId: string;
  /** SHA-256 of the action, so a repeated Idempotency-Key can be told apart from a reuse (api.md). */
  requestHash: string;
  args: A;
}
export type ActionDefinition<A> = SignalDefinition<[ActionRequest<A>]>;
const defineAction = <A>(name: string): ActionDefinition<A> => defineSignal<[ActionRequest<A>]>(name);

/** Taken, or refused with the failure type the api turns into 409, 403, 422 or 400. */
export type ActionOutcome = { requestHash: string } & (
  { taken: true } | { taken: false; refusal: { type: string; message: string; details?: unknown[] } }
);
/**
 * The outcome of the request with this id, once the variation has taken it and moved on (null until
 * then), with the view as it now is.
 */
export const actionOutcomeQuery = defineQuery<
  { outcome: ActionOutcome | null; view: VariationView },
  [string]
>('actionOutcome');

export const checksAction = defineAction<{ checks: AddressChecks } & Acting>('checks');
export const triageAction = defineAction<DecisionRequest<TriageDecision>>('triage');
export const approvalAction = defineAction<DecisionRequest<ApprovalDecision>>('approval');
/** The whole amended change; the person's consent to it when it varies the curfew otherwise (R5). */
export interface Amendment {
  change: Change;
  addressChecks?: AddressChecks;
  consent?: Consent;
  note?: string;
}

export const amendmentAction = defineAction<Amendment & Acting>('amendment');
export const withdrawalAction = defineAction<{ reason: string } & Acting>('withdrawal');
export const rebookVisitAction = defineAction<Acting>('rebookVisit');
export const popInformedAction = defineAction<
  { informedAt: string; method: 'IN_PERSON' | 'PHONE' | 'VIDEO' } & Acting
>('popInformed');

/** What the EMS provider's webhooks tell us (api.md, EMS provider), with the delivery's webhook-id. */
export type EmsEvent = { webhookId?: string } & (
  | { type: 'variation.confirmed'; reference: string; occurredAt: string }
  | { type: 'variation.rejected'; reference: string; reason: string; occurredAt: string }
  | { type: 'visit.completed'; outcome: VisitOutcome; occurredAt: string }
);
/**
 * A signal: the provider needs only to know the event is recorded. A repeat changes nothing: a
 * delivery is taken once by its webhook-id, and an event once by its content.
 */
export const emsEventSignal = defineSignal<[EmsEvent]>('emsEvent');

export const courtApplicationAction = defineAction<{ lodgedAt: string; hearingDate?: string } & Acting>(
  'courtApplication',
);
export const courtDecisionAction = defineAction<
  { decision: 'GRANTED' | 'REFUSED'; decidedAt: string; change?: Change } & Acting
>('courtDecision');

/**
 * From the service-level sweep (R16): this variation's ServiceLevelDueAt has passed. Nobody waits for
 * the answer, and a repeat changes nothing.
 */
export const serviceLevelDueSignal = defineSignal('serviceLevelDue');

/** Failure type of an action refused because it does not fit the current state (HTTP 409). */
export const INVALID_STATE = 'INVALID_STATE';
/** Failure type of an action refused because the actor lacks the role for that step (HTTP 403). */
export const FORBIDDEN = 'FORBIDDEN';
/** Failure type of an amendment or court terms that break the rules (HTTP 422, details: the outcome). */
export const RULES_BROKEN = 'RULES_BROKEN';
/** Failure type of a return or rejection without a reason (HTTP 400). */
export const REASON_REQUIRED = 'REASON_REQUIRED';
