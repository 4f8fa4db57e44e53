// The words people read for the codes the service keeps: statuses, timeline events, outcomes.
import type { Status } from '../../../../libs/domain/src/variation';

export const STATUS_LABELS: Record<Status, string> = {
  AWAITING_CHECKS: 'Waiting for address checks',
  AWAITING_TRIAGE: 'Waiting for triage',
  RETURNED: 'Returned to amend',
  AWAITING_APPROVAL: 'Waiting for approval',
  AWAITING_EMS_CONFIRMATION: 'Waiting for EMS confirmation',
  AWAITING_EMS_VISIT: 'Waiting for EMS visit',
  EMS_VISIT_FAILED: 'EMS visit failed',
  AWAITING_POP_INFORMED: 'Tell the person on probation',
  AWAITING_COURT_APPLICATION: 'Apply to court',
  AWAITING_COURT_DECISION: 'Waiting for the court',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
  REFUSED_BY_COURT: 'Refused by the court',
};

/** GOV.UK tag colours: blue waits for staff, yellow for the practitioner, red went wrong, grey ended. */
const TAG_CLASSES: Partial<Record<Status, string>> = {
  RETURNED: 'govuk-tag--yellow',
  AWAITING_CHECKS: 'govuk-tag--yellow',
  AWAITING_POP_INFORMED: 'govuk-tag--yellow',
  AWAITING_COURT_APPLICATION: 'govuk-tag--yellow',
  EMS_VISIT_FAILED: 'govuk-tag--red',
  COMPLETED: 'govuk-tag--green',
  REJECTED: 'govuk-tag--grey',
  WITHDRAWN: 'govuk-tag--grey',
  REFUSED_BY_COURT: 'govuk-tag--grey',
};

/** What a variation changes (R4), in words: "Hours", "Address" or "Hours and address". */
export function changesLabel(changes: readonly ('HOURS' | 'ADDRESS')[]): string {
  const words = changes.map((change) => (change === 'HOURS' ? 'hours' : 'address')).join(' and ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const statusLabel = (status: string) => STATUS_LABELS[status as Status] ?? status;
export const statusTagClass = (status: string) => TAG_CLASSES[status as Status] ?? 'govuk-tag--blue';

const EVENTS: Record<string, string> = {
  SUBMITTED: 'Application submitted',
  CHECKS_RECORDED: 'Address checks recorded',
  TRIAGE_ACCEPT: 'Accepted at triage',
  TRIAGE_RETURN: 'Returned at triage',
  TRIAGE_REJECT: 'Rejected at triage',
  APPROVAL_APPROVE: 'Approved',
  APPROVAL_RETURN: 'Returned by the head of the PDU',
  APPROVAL_REJECT: 'Refused by the head of the PDU',
  AMENDED: 'Application amended',
  NOTICE_SENT: 'Variation Notice sent',
  NOTICE_FAILED: 'Variation Notice not sent',
  WITHDRAWAL_NOTICE_SENT: 'Withdrawal notice sent',
  EMS_CONFIRMED: 'EMS provider confirmed',
  EMS_REJECTED: 'EMS provider refused',
  EMS_VISIT_COMPLETED: 'EMS visit',
  EMS_VISIT_REBOOKED: 'EMS visit rebooked',
  EMS_VISIT_REQUEST_REFUSED: 'EMS visit request refused',
  POP_INFORMED: 'Person on probation told',
  CONTACT_RECORDED: 'Contact recorded in nDelius',
  CONTACT_NOT_RECORDED: 'Contact not recorded in nDelius',
  COURT_APPLICATION_LODGED: 'Court application lodged',
  COURT_GRANTED: 'Court granted the variation',
  COURT_REFUSED: 'Court refused the variation',
  REMINDER_SENT: 'Reminder sent',
  ESCALATED: 'Escalated',
  MESSAGE_FAILED: 'Email not sent',
};

export const eventLabel = (event: string) => EVENTS[event] ?? statusLabel(event);

/**
 * Notes and messages keep the codes the workflow wrote (IN_PERSON, NO_ACCESS, COURT): read them as
 * words. References inside a note (CONTACT-B2E4) stay as written.
 */
export const plainCode = (text: string) =>
  /^[A-Z]+$/.test(text) ? asWords(text) : text.replace(/\b[A-Z]+(?:_[A-Z]+)+\b/g, asWords);

// Codes whose plain reading is not just the word in lower case.
const WORDS: Record<string, string> = { EMS: 'EMS provider', PDU_HEAD: 'Head of PDU', SPO: 'SPO' };

const asWords = (code: string) =>
  WORDS[code] ?? code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');
