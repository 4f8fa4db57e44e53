// Every message the process sends to a member of staff, written for the person who gets it.
// Subjects carry only the kind of message and a short case reference, never personal data (R17): a
// subject shows in inbox lists, notifications and mail logs.
import type { Message } from '../../domain/src/message';
import { formatDate, isCalendarDate } from '../../domain/src/dates';
import type { WaitingStatus } from '../../domain/src/service-levels';
import type { VisitOutcome } from '../../domain/src/variation';
import { renderEmail, type EmailContent, type RenderedEmail } from './email-layout';

export interface RenderableMessage {
  about: Message['about'];
  recipientName: string;
  variationId: string;
  status?: string;
  dueBy?: string | null;
  reason?: string;
  /** The case's page (`/cases/{id}`). */
  caseUrl: string;
  /** The signed decision link, for DECISION_NEEDED, and REMINDER and ESCALATION of a decision step. */
  decisionUrl?: string;
  /** Minimum personal data: give it only to the person who needs it to act. */
  summary?: { crn: string; personName: string; change: string; pduName?: string };
}

/** What each waiting step waits for, and what the person reminded about it should do (R16). */
const STEPS: Record<WaitingStatus, { step: string; todo: string }> = {
  AWAITING_CHECKS: {
    step: 'the checks on the new address',
    todo: 'Record the safeguarding check, the domestic abuse check and the householder’s consent.',
  },
  AWAITING_TRIAGE: {
    step: 'triage by the senior probation officer',
    todo: 'Triage the application: accept it, return it for amendment, or reject it.',
  },
  RETURNED: {
    step: 'amendment by the probation practitioner',
    todo: 'Amend the application so it can be decided again, or withdraw it.',
  },
  AWAITING_APPROVAL: {
    step: 'a decision by the head of the probation delivery unit',
    todo: 'Approve the variation, return it for amendment, or refuse it.',
  },
  AWAITING_EMS_CONFIRMATION: {
    step: 'confirmation from the electronic monitoring provider',
    todo: 'Contact the electronic monitoring provider to find out why it has not confirmed the variation.',
  },
  AWAITING_EMS_VISIT: {
    step: 'the electronic monitoring provider’s visit to the new address',
    todo: 'Contact the electronic monitoring provider to find out when it will visit.',
  },
  EMS_VISIT_FAILED: {
    step: 'a new visit after a failed electronic monitoring visit',
    todo: 'Rebook the visit, or withdraw the variation.',
  },
  AWAITING_POP_INFORMED: {
    step: 'the person on probation to be told about the variation',
    todo: 'Tell the person on probation about the variation, then record when and how you told them.',
  },
  AWAITING_COURT_APPLICATION: {
    step: 'the application to court',
    todo: 'Apply to the court, then record when the application was lodged.',
  },
  AWAITING_COURT_DECISION: {
    step: 'the court’s decision',
    todo: 'Record the court’s decision as soon as you have it.',
  },
};

const VISIT_OUTCOMES: Record<Exclude<VisitOutcome, 'INSTALLED'>, string> = {
  NO_ACCESS: 'the provider could not get into the address',
  ADDRESS_UNSUITABLE: 'the address is not suitable for the monitoring equipment',
  TECHNICAL_FAILURE: 'the equipment could not be installed because of a technical failure',
};

const NOT_YET =
  'Do not tell the person on probation about the variation yet. We will email you when you can.';
const UNCHANGED = 'The curfew has not changed. Do not tell the person on probation that it has.';
const ONE_USE_LINK = 'The link works once and expires. Do not forward this email.';

export function renderMessage(m: RenderableMessage): RenderedEmail {
  return renderEmail(contentFor(m));
}

/** The first 8 characters of the variation id: enough to find the case, nothing about the person. */
function caseReference(variationId: string): string {
  return variationId.slice(0, 8);
}

function contentFor(m: RenderableMessage): EmailContent {
  const waiting = m.status && Object.hasOwn(STEPS, m.status) ? STEPS[m.status as WaitingStatus] : undefined;
  const step = waiting?.step ?? 'the next step';
  const due = m.dueBy ? `by ${isCalendarDate(m.dueBy) ? formatDate(m.dueBy) : m.dueBy}` : '';
  // Staff read the case page, not the API's JSON.
  const caseLink = { href: m.caseUrl, text: 'View the curfew variation' };
  const decisionLink = m.decisionUrl
    ? { href: m.decisionUrl, text: 'Review the application and make your decision' }
    : undefined;
  const reason = m.reason ? [`Reason given: ${m.reason}`] : [];
  const doBy = due ? [`Please do this ${due}.`] : [];

  const content = (
    topic: string,
    heading: string,
    paragraphs: string[],
    nextSteps: string[],
    link = caseLink,
  ): EmailContent => ({
    subject: `Curfew variation: ${topic} (ref ${caseReference(m.variationId)})`,
    heading,
    recipientName: m.recipientName,
    paragraphs,
    details: details(m),
    nextSteps,
    link,
  });

  switch (m.about) {
    case 'DECISION_NEEDED':
      return content(
        'decision needed',
        'A curfew variation needs your decision',
        ['A probation practitioner has applied to vary the curfew requirement of a community sentence.'],
        [waiting?.todo ?? 'Decide on the application.', ...doBy, ONE_USE_LINK],
        decisionLink,
      );
    case 'REMINDER':
      return content(
        'reminder',
        'Reminder: a curfew variation is waiting for you',
        [`This curfew variation is waiting for ${step}.${due ? ` It is due ${due}.` : ''}`],
        [waiting?.todo ?? 'Check the case and take the next step.', ...(decisionLink ? [ONE_USE_LINK] : [])],
        decisionLink,
      );
    case 'ESCALATION':
      return content(
        'step overdue',
        'A curfew variation is overdue',
        [
          `This curfew variation is waiting for ${step}.${due ? ` It was due ${due}.` : ''}`,
          'A reminder has already been sent. You are getting this email because overdue steps like this one are escalated to you.',
        ],
        [
          'Check the case and follow it up with the person responsible, so the variation is not delayed further.',
          ...(decisionLink ? ['You can also make the decision yourself.', ONE_USE_LINK] : []),
        ],
        decisionLink,
      );
    case 'RETURNED':
      return content(
        'returned for amendment',
        'Your curfew variation has been returned',
        ['The application to vary the curfew has been returned to you for amendment.', ...reason],
        ['Amend the application so it can be decided again, or withdraw it.', ...doBy, UNCHANGED],
      );
    case 'REJECTED':
      return content(
        'application refused',
        'Your curfew variation has been refused',
        ['The application to vary the curfew has been refused. The curfew stays as it is.', ...reason],
        [
          'Tell the person on probation that the application was refused, and why.',
          // R13: the refusal must tell the PoP of their right to apply to the court.
          'Tell them they may apply to the court to vary the order (Sentencing Code Schedule 10 paragraph 18 for a community order, Schedule 16 for a suspended sentence order).',
        ],
      );
    case 'APPROVED':
      return content(
        'approved',
        'Your curfew variation has been approved',
        [
          'The curfew variation has been approved. The Variation Notice is being sent to the sentencing court, the police and, if the curfew is electronically monitored, the electronic monitoring provider.',
        ],
        [NOT_YET],
      );
    case 'EMS_CONFIRMED':
      return content(
        'monitoring provider confirmed',
        'The electronic monitoring provider has confirmed the variation',
        [
          'The electronic monitoring provider has confirmed the Variation Notice. If the curfew moves to a new address, the provider will now visit it to install the equipment.',
        ],
        [NOT_YET],
      );
    case 'EMS_REJECTED':
      // The court route's (the administrative route returns the variation to the practitioner instead).
      return content(
        'monitoring provider rejected the notice',
        'The electronic monitoring provider has rejected the variation',
        [
          'The electronic monitoring provider could not accept the Variation Notice for the order the court made.',
          ...reason,
        ],
        [
          'Take the variation back to the court, then record the court’s new decision, or withdraw the variation.',
          ...doBy,
          UNCHANGED,
        ],
      );
    case 'VISIT_FAILED':
      return content(
        'monitoring visit failed',
        'The electronic monitoring visit did not succeed',
        [
          `The electronic monitoring provider visited the new address, but ${visitOutcome(m.reason)}. The variation cannot take effect until the equipment is installed.`,
        ],
        ['Rebook the visit, or withdraw the variation.', ...doBy, UNCHANGED],
      );
    case 'READY_TO_TELL_POP':
      return content(
        'ready to tell the person on probation',
        'You can now tell the person on probation',
        [
          'Everything is in place for the curfew variation: the notices have been sent and, where the curfew is electronically monitored, the provider has confirmed it and installed any equipment.',
        ],
        [
          'Tell the person on probation about the varied curfew and when it starts.',
          'Then record in the service when and how you told them. We will record the contact in nDelius.',
          ...doBy,
        ],
      );
    case 'CONTACT_NOT_RECORDED':
      return content(
        'contact not recorded in nDelius',
        'We could not record your contact in nDelius',
        [
          'The curfew variation is complete, but nDelius did not accept the record of your contact with the person on probation.',
          ...reason,
        ],
        ['Record the contact in nDelius yourself.'],
      );
    case 'NOTICE_FAILED':
      // A recipient missing from the reference data, or refused by the relay, stops the step (R14).
      return content(
        'notice not sent',
        'The Variation Notice could not be sent',
        [
          'The curfew variation can go ahead, but its Variation Notice could not be sent: a recipient’s mailbox is missing from the service’s reference data, or the mail system refuses it.',
          ...(m.reason ? [`Problem: ${m.reason}`] : []),
        ],
        [
          'Ask your service administrator to add or correct the mailbox in the reference data. The notice will be sent automatically once it is right.',
          NOT_YET,
        ],
      );
    case 'COMPLETED':
      return content(
        'completed',
        'The curfew variation is complete',
        [
          'The curfew variation is complete. Your contact with the person on probation has been recorded in nDelius.',
        ],
        ['You do not need to do anything else.'],
      );
  }
}

function details(m: RenderableMessage): [string, string][] {
  const rows: [string, string][] = [['Case reference', caseReference(m.variationId)]];
  if (m.summary) {
    rows.push(
      ['Person on probation', m.summary.personName],
      ['CRN', m.summary.crn],
      ['Change', m.summary.change],
    );
    if (m.summary.pduName) rows.push(['Probation delivery unit', m.summary.pduName]);
  }
  return rows;
}

function visitOutcome(outcome: string | undefined): string {
  return VISIT_OUTCOMES[outcome as keyof typeof VISIT_OUTCOMES] ?? 'the equipment could not be installed';
}
