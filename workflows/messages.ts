// Every message a variation workflow answers (architecture.md: human decisions are Updates with validators).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  ApprovalDecision,
  DecisionRequest,
  TriageDecision,
  VariationView,
} from '../libs/domain/src/variation';
import type { AddressChecks, VariationRequest } from '../libs/domain/src/types';

export interface VariationInput {
  id: string;
  request: VariationRequest;
  submittedBy: Actor;
  /** SHA-256 of the submitted body, so a repeated Idempotency-Key can be told apart from a reuse (api.md). */
  requestHash: string;
}

/** The whole view of a variation: state, steps, decisions, timeline. */
export const viewQuery = defineQuery<VariationView>('view');
export const requestHashQuery = defineQuery<string>('requestHash');

export const triageUpdate = defineUpdate<VariationView, [DecisionRequest<TriageDecision>]>('triage');
export const approvalUpdate = defineUpdate<VariationView, [DecisionRequest<ApprovalDecision>]>('approval');

/** Failure type of an Update refused because it does not fit the current state (HTTP 409). */
export const INVALID_STATE = 'INVALID_STATE';
/** Failure type of an Update refused because the actor lacks the role for that step (HTTP 403). */
export const FORBIDDEN = 'FORBIDDEN';

export const checksUpdate = defineUpdate<VariationView, [{ checks: AddressChecks; by: Actor }]>('checks');
