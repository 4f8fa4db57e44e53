// The steps of domain.md's process, as the workflows' main lines call them.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  proxyLocalActivities,
  sleep,
} from '@temporalio/workflow';
import { deadline, type WaitingStatus, WAITING_STEPS } from '../libs/domain/src/service-levels';
import {
  type DecisionStep,
  type NoticeRecipient,
  noticeContentOf,
  type RecordedDecision,
  type VariationView,
} from '../libs/domain/src/variation';
import {
  EMS_REFUSED,
  MAILBOX_MISSING,
  type Message,
  type NoticeReceipt,
  type VariationActivities,
} from './activities';
import type { VariationRecord } from './variation-record';

// Outside parties can be down for hours: keep trying, backing off to every ten minutes.
const retry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' };
const outside = proxyActivities<VariationActivities>({ startToCloseTimeout: '1 minute', retry });
// Messages and the nDelius contact are quick calls. As local activities each costs one marker in
// history instead of three events and a workflow task of its own (issue 8).
// A retry that must wait longer than a second waits on a timer, so an outage never holds a
// workflow task open for long and nothing is lost. (The timeout is above the mailer's 10 seconds.)
const quick = proxyLocalActivities<VariationActivities>({
  startToCloseTimeout: '15 seconds',
  localRetryThreshold: '1 second',
  retry,
});

/** Thrown out of a wait when the practitioner withdraws; the workflow turns it into WITHDRAWN. */
export class Withdrawn extends Error {}

/** Sends a message without holding up the process; failures are logged, the process goes on. */
export function tell(v: VariationRecord, to: Message['to'], about: Message['about'], reason?: string): void {
  const { practitioner } = v.view;
  const message: Message = {
    variationId: v.view.id,
    to,
    about,
    pduCode: practitioner.pduCode,
    practitioner: { name: practitioner.name, email: practitioner.email },
    reason,
    dueBy: v.view.dueBy,
    status: v.status,
    round: v.view.decisions.length,
    sequence: v.sending.length,
  };
  v.sending.push(
    quick.sendMessage(message).catch((error: Error) => {
      log.warn('Message could not be sent', { about, to, error: error.message });
      v.record('MESSAGE_FAILED', null, `${about} to ${to}`);
    }),
  );
}

export async function messagesSent(v: VariationRecord): Promise<void> {
  await Promise.all(v.sending);
}

/** Waits in `status` until `done`, under the step's service level if it has one (R16). */
export async function waitIn(v: VariationRecord, status: WaitingStatus, done: () => boolean): Promise<void> {
  const level = v.input.serviceLevels[status];
  const start = v.stepStart();
  v.moveTo(
    status,
    level ? { remindAt: deadline(start, level.due), escalateAt: deadline(start, level.escalate) } : null,
  );
  await condition(() => done() || !!v.withdrawal);
  if (v.withdrawal) throw new Withdrawn();
  v.stepDone();
}

/**
 * R16, when the sweep says a service level has run out: the person who owes the step is reminded
 * when it is due, and it is escalated when it is overdue (WAITING_STEPS says to whom). Each happens
 * once a wait; a sweep that comes early or twice changes nothing. No timer per step: on time, a step
 * costs no history for its service level at all.
 */
export function serviceLevelDue(v: VariationRecord): void {
  const level = v.serviceLevel;
  if (!level) return v.index(); // the step is done: off the sweep's list
  const { remind, escalate } = WAITING_STEPS[v.status as WaitingStatus];
  const now = Date.now();
  if (level.reached === 'NONE' && now >= level.remindAt.getTime()) {
    level.reached = 'REMINDED';
    v.record('REMINDER_SENT', null, remind);
    tell(v, remind, 'REMINDER');
  }
  if (level.reached === 'REMINDED' && now >= level.escalateAt.getTime()) {
    level.reached = 'ESCALATED';
    v.record('ESCALATED', null, escalate);
    tell(v, escalate, 'ESCALATION');
  }
  v.index();
}

/** Steps 3-4 (R13): the SPO's triage or the PDU Head's approval, asked for by message. */
export async function decisionOf(v: VariationRecord, step: DecisionStep): Promise<RecordedDecision> {
  const decided = waitIn(v, step === 'TRIAGE' ? 'AWAITING_TRIAGE' : 'AWAITING_APPROVAL', () => !!v.decision);
  tell(v, step === 'TRIAGE' ? 'SPO' : 'PDU_HEAD', 'DECISION_NEEDED');
  await decided;
  return v.takeDecision();
}

/** Back to the practitioner until they amend; the amendment's check judged the amended change. */
export async function amendment(v: VariationRecord, reason: string | null): Promise<void> {
  v.amended = false;
  const amended = waitIn(v, 'RETURNED', () => v.amended);
  tell(v, 'PRACTITIONER', 'RETURNED', reason ?? undefined);
  await amended;
}

/** R13: refused, with its reason, and the practitioner told the PoP may apply to the court. */
export async function refused(v: VariationRecord, decision: RecordedDecision): Promise<VariationView> {
  const view = v.refused(decision.reason ?? '', decision.by, 'REJECTED');
  tell(v, 'PRACTITIONER', 'REJECTED', decision.reason ?? undefined);
  // Refused after the EMS provider sent it back: whoever had the earlier notice must know it lapsed.
  await sendWithdrawalNotices(v);
  await messagesSent(v);
  return view;
}

const NOTIFY: Record<NoticeRecipient, VariationActivities['notifyCourt']> = {
  COURT: outside.notifyCourt,
  POLICE: outside.notifyPolice,
  EMS: outside.notifyEmsProvider,
};

/**
 * One notice to one recipient. A recipient with no mailbox in the reference data stops the step: the
 * practitioner is told, and it is tried again later, when the reference data may have been put right.
 */
async function notify(
  v: VariationRecord,
  recipient: NoticeRecipient,
  kind: 'VARIATION' | 'WITHDRAWAL',
): Promise<NoticeReceipt | undefined> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await NOTIFY[recipient](noticeContentOf(v.view), kind);
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === EMS_REFUSED) {
        // The provider cannot act on the notice as sent (R15): back to the practitioner with its reason.
        v.view.ems!.rejected = { reason: cause.message, at: new Date().toISOString() };
        v.record('EMS_REJECTED', null, cause.message);
        return undefined;
      }
      if (!(cause instanceof ApplicationFailure && cause.type === MAILBOX_MISSING)) throw error;
      // Told once; then tried again after longer and longer waits (at most a day), so a mailbox that
      // stays missing neither floods the practitioner nor grows the history by much.
      if (attempt === 0) {
        v.record('NOTICE_FAILED', null, `${recipient}: ${cause.message}`);
        tell(v, 'PRACTITIONER', 'NOTICE_FAILED', cause.message);
      }
      await sleep(Math.min((v.input.noticeRetryMs ?? 3_600_000) * 2 ** attempt, 86_400_000));
    }
  }
}

/** Step 5 (R14): the Variation Notice to each recipient, each its own idempotent activity. */
export async function sendVariationNotices(v: VariationRecord, recipients: NoticeRecipient[]): Promise<void> {
  if (recipients.includes('EMS')) {
    v.view.ems = { reference: null, confirmedAt: null, rejected: null, visit: null, visitsRequested: 1 };
  }
  await Promise.all(
    recipients.map(async (recipient) => {
      const receipt = await notify(v, recipient, 'VARIATION');
      if (!receipt) return;
      v.view.notices.push({ recipient, kind: 'VARIATION', ...receipt });
      if (recipient === 'EMS') v.view.ems!.reference ??= receipt.reference;
      v.record('NOTICE_SENT', null, recipient);
    }),
  );
  v.noticesSent = true;
}

/** After a withdrawal, whoever had the Variation Notice is told it no longer stands. */
export async function sendWithdrawalNotices(v: VariationRecord): Promise<void> {
  const told = [...new Set(v.view.notices.filter((n) => n.kind === 'VARIATION').map((n) => n.recipient))];
  await Promise.all(
    told.map(async (recipient) => {
      const receipt = await notify(v, recipient, 'WITHDRAWAL');
      if (!receipt) return;
      v.view.notices.push({ recipient, kind: 'WITHDRAWAL', ...receipt });
      v.record('WITHDRAWAL_NOTICE_SENT', null, recipient);
    }),
  );
}

/**
 * Step 6 (R15): the EMS provider confirms and, for a new address, visits. A failed visit waits for
 * the practitioner to rebook (or withdraw, or on the court route apply to the court again). Events
 * may come in any order: each wait looks at what has arrived so far, so a visit reported before the
 * confirmation is taken after it.
 */
export async function emsConfirmsAndVisits(
  v: VariationRecord,
  notices: Promise<void>,
): Promise<'DONE' | 'REJECTED' | 'BACK_TO_COURT'> {
  const ems = v.view.ems!;
  const answered = () => !!(ems.confirmedAt || ems.rejected);
  // The wait (its status and due date) starts with the notices, not once they are sent: then
  // a notice's completion gives the workflow nothing new to do, and an EMS event taken in the same
  // workflow task replays in the order it ran. (The fault suite found a nondeterminism error there
  // after worker kills: the event's Update and the wait's commands swapped places on replay.)
  const confirmed = waitIn(v, 'AWAITING_EMS_CONFIRMATION', answered);
  confirmed.catch(() => undefined); // a withdrawal meanwhile is rethrown below, not unhandled
  await notices;
  await confirmed;
  if (ems.rejected) return 'REJECTED';
  tell(v, 'PRACTITIONER', 'EMS_CONFIRMED');
  if (!v.view.change.address) return 'DONE';
  return visitsUntilInstalled(v);
}

/**
 * The provider's visits until one installs. A failed visit, or a visit request the provider refused,
 * waits for the practitioner to rebook, or on the court route to apply to the court again
 * (BACK_TO_COURT). `afterFailure` takes up that wait again, the practitioner already told: the court
 * refused to change its order, and the failed visit is still to be put right.
 */
export async function visitsUntilInstalled(
  v: VariationRecord,
  afterFailure = false,
): Promise<'DONE' | 'BACK_TO_COURT'> {
  const ems = v.view.ems!;
  for (;;) {
    if (!afterFailure) {
      await waitIn(v, 'AWAITING_EMS_VISIT', () => !!ems.visit);
      if (ems.visit!.outcome === 'INSTALLED') return 'DONE';
    }
    for (let failure: string | undefined = ems.visit!.outcome; failure; failure = await askForVisit(v)) {
      const rebooked = waitIn(v, 'EMS_VISIT_FAILED', () => v.rebookRequested || v.backToCourt);
      if (!afterFailure) tell(v, 'PRACTITIONER', 'VISIT_FAILED', failure);
      afterFailure = false;
      await rebooked;
      if (v.backToCourt) return 'BACK_TO_COURT';
      v.startNewVisit();
    }
  }
}

/** Asks the provider to visit again; answers the provider's reason when it refuses. */
async function askForVisit(v: VariationRecord): Promise<string | undefined> {
  try {
    await outside.requestEmsVisit(v.view);
    return undefined;
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (!(cause instanceof ApplicationFailure && cause.type === EMS_REFUSED)) throw error;
    v.record('EMS_VISIT_REQUEST_REFUSED', null, cause.message);
    return cause.message;
  }
}

/** Step 7: only now is the PoP told (R15); the contact goes into nDelius and the variation is done. */
export async function popInformed(v: VariationRecord): Promise<VariationView> {
  const waiting = waitIn(v, 'AWAITING_POP_INFORMED', () => !!v.popInformed);
  tell(v, 'PRACTITIONER', 'READY_TO_TELL_POP');
  await waiting;
  const { informedAt, method, by } = v.popInformed!;
  try {
    const { contactId } = await quick.recordContactInNDelius({
      variationId: v.view.id,
      crn: v.view.person.crn,
      informedAt,
      method,
      by: by.username,
    });
    v.record('CONTACT_RECORDED', null, `nDelius contact ${contactId}`);
  } catch (error) {
    // nDelius refused it for good (retries end only on a refusal): the PoP has been told all the
    // same, so the variation is done, and a person records the contact by hand.
    const reason = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
    v.record('CONTACT_NOT_RECORDED', null, reason);
    tell(v, 'PRACTITIONER', 'CONTACT_NOT_RECORDED', reason);
  }
  await messagesSent(v);
  return v.end('COMPLETED');
}
