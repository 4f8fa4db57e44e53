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
  'AWAITING_COURT_APPLICATION',
  'AWAITING_COURT_DECISION',
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
  'REFUSED_BY_COURT',
] as const;
export type Status = (typeof STATUSES)[number];
export const FINAL_STATUSES: readonly Status[] = ['COMPLETED', 'REJECTED', 'WITHDRAWN', 'REFUSED_BY_COURT'];

/**
 * Where the practitioner may withdraw: any time before approval or the court's decision (domain.md),
 * and after a failed EMS visit, when the new address may prove unusable (withdrawal notices then tell
 * everyone who had the notice). Not once the court has granted it: see `withdrawable`.
 */
export const WITHDRAWABLE_STATUSES: readonly Status[] = [
  'AWAITING_CHECKS',
  'AWAITING_TRIAGE',
  'RETURNED',
  'AWAITING_APPROVAL',
  'EMS_VISIT_FAILED',
  'AWAITING_COURT_APPLICATION',
  'AWAITING_COURT_DECISION',
];

type Progress = Pick<VariationView, 'status' | 'route' | 'timeline'>;

/** The court route's grant stands once made: a later refusal leaves it (domain.md, the court route). */
export function courtGrantStands(view: Progress): boolean {
  return view.route === 'COURT' && view.timeline.some((event) => event.event === 'COURT_GRANTED');
}

/** The practitioner may withdraw it now: in a withdrawable status, and no court's order stands. */
export function withdrawable(view: Progress): boolean {
  return WITHDRAWABLE_STATUSES.includes(view.status) && !courtGrantStands(view);
}

/**
 * The practitioner may record an application to the court now: the court route's first, or another
 * after a failed EMS visit once the court has granted it (the other way on is to rebook the visit).
 */
export function courtApplicable(view: Progress): boolean {
  return (
    view.status === 'AWAITING_COURT_APPLICATION' ||
    (view.status === 'EMS_VISIT_FAILED' && courtGrantStands(view))
  );
}

/** Whether address checks (R9) may be recorded now: for a new address, until triage has begun. */
export function checksRecordable(view: Pick<VariationView, 'status' | 'change'>): boolean {
  return !!view.change.address && ['AWAITING_CHECKS', 'RETURNED', 'AWAITING_TRIAGE'].includes(view.status);
}

/**
 * Whether the practitioner may now tell the PoP (R14, R15): waiting for it, and on the administrative
 * route the court and the police have the Variation Notice (a missing mailbox can hold one back).
 */
export function readyToTellPop(view: Pick<VariationView, 'status' | 'route' | 'notices'>): boolean {
  const has = (recipient: NoticeRecipient) =>
    view.notices.some((n) => n.recipient === recipient && n.kind === 'VARIATION');
  return (
    view.status === 'AWAITING_POP_INFORMED' && (view.route === 'COURT' || (has('COURT') && has('POLICE')))
  );
}

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

export const RECIPIENTS = ['COURT', 'POLICE', 'EMS'] as const;
export type NoticeRecipient = (typeof RECIPIENTS)[number];

export interface SentNotice {
  recipient: NoticeRecipient;
  kind: 'VARIATION' | 'WITHDRAWAL';
  sentAt: string;
  reference: string;
}

export const VISIT_OUTCOMES = ['INSTALLED', 'NO_ACCESS', 'ADDRESS_UNSUITABLE', 'TECHNICAL_FAILURE'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** The EMS provider's side (R15), as its notices and webhooks have told us. */
export interface EmsProgress {
  reference: string | null;
  confirmedAt: string | null;
  rejected: null | { reason: string; at: string };
  visit: null | { outcome: VisitOutcome; at: string };
  visitsRequested: number;
}

export interface CourtProgress {
  lodgedAt: string | null;
  hearingDate: string | null;
  decision: null | { decision: 'GRANTED' | 'REFUSED'; decidedAt: string; by: string };
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
  notices: SentNotice[];
  ems: EmsProgress | null;
  court: CourtProgress | null;
  /** Where the variation was refused (R13 or by the court): why, and what the PoP may do next. */
  refusal: null | { reason: string; by: string; at: string; nextSteps: string };
  /** When the step it waits in is due (R16), as a UK date; null when nothing is waited for. */
  dueBy: string | null;
  timeline: TimelineEvent[];
}

/**
 * What a Variation Notice says (R14), and all the notice activities are given: the order, the curfew
 * and its change, who decided, and the responsible officer. Not the address checks, the consent or
 * the timeline: the court, the police and the EMS provider need none of it (R17, minimum data).
 */
export type NoticeContent = Pick<
  VariationView,
  'id' | 'route' | 'person' | 'order' | 'curfew' | 'change' | 'decisions' | 'court' | 'practitioner'
>;

export function noticeContentOf(view: VariationView): NoticeContent {
  const { id, route, person, order, curfew, change, decisions, court, practitioner } = view;
  return { id, route, person, order, curfew, change, decisions, court, practitioner };
}
