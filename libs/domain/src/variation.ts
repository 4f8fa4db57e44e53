// The variation as the process sees it: statuses, decisions, the timeline (api.md, "The variation view").
import type { VariationRequest } from './types';

export const STATUSES = [
  'AWAITING_CHECKS',
  'AWAITING_TRIAGE',
  'RETURNED',
  'AWAITING_APPROVAL',
  'AWAITING_EMS_CONFIRMATION',
  'AWAITING_EMS_VISIT',
  'EMS_VISIT_FAILED',
  'AWAITING_POP_INFORMED',
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type Status = (typeof STATUSES)[number];
export const FINAL_STATUSES: readonly Status[] = ['COMPLETED', 'REJECTED', 'WITHDRAWN'];

export type Route = 'ADMINISTRATIVE' | 'COURT';

export const ROLES = {
  practitioner: 'ROLE_CURFEW_PRACTITIONER',
  spo: 'ROLE_CURFEW_SPO',
  pduHead: 'ROLE_CURFEW_PDU_HEAD',
  emLead: 'ROLE_CURFEW_EM_LEAD',
  admin: 'ROLE_CURFEW_ADMIN',
} as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];

/** Who did something: a member of staff, from their token. */
export interface Actor {
  username: string;
  name?: string;
  roles: string[];
}

/** R13: the SPO triages, the PDU Head approves. */
export const TRIAGE_DECISIONS = ['ACCEPT', 'RETURN', 'REJECT'] as const;
export const APPROVAL_DECISIONS = ['APPROVE', 'RETURN', 'REJECT'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
export type DecisionStep = 'TRIAGE' | 'APPROVAL';

export interface DecisionRequest<D extends string> {
  decision: D;
  reason?: string;
  by: Actor;
}

export interface RecordedDecision {
  step: DecisionStep;
  decision: TriageDecision | ApprovalDecision;
  by: string;
  reason: string | null;
  at: string;
}

export interface TimelineEvent {
  at: string;
  event: string;
  by: string | null;
  note?: string;
}

/** The one answer to "where is this variation?": what GET /variations/{id} returns. */
export interface VariationView extends VariationRequest {
  id: string;
  status: Status;
  route: Route;
  decisions: RecordedDecision[];
  notices: { recipient: string; sentAt: string; reference: string }[];
  ems: null | {
    reference: string | null;
    confirmedAt: string | null;
    visit: null | { outcome: string; at: string };
  };
  dueBy: string | null;
  timeline: TimelineEvent[];
}
