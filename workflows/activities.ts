// What the workflow asks of the outside world. Implemented in apps/worker, one adapter per party.
import type { Party } from '../libs/domain/src/service-levels';
import type { NoticeContent, VariationView } from '../libs/domain/src/variation';

export interface NoticeReceipt {
  reference: string;
  sentAt: string;
}

/** A message to a person about a variation; the adapter finds their address (R14, R16). */
export interface Message {
  variationId: string;
  to: Party;
  about:
    | 'DECISION_NEEDED'
    | 'REMINDER'
    | 'ESCALATION'
    | 'RETURNED'
    | 'REJECTED'
    | 'APPROVED'
    | 'EMS_CONFIRMED'
    | 'EMS_REJECTED'
    | 'VISIT_FAILED'
    | 'READY_TO_TELL_POP'
    | 'CONTACT_NOT_RECORDED'
    | 'NOTICE_FAILED'
    | 'COMPLETED';
  pduCode: string;
  practitioner: { name: string; email: string };
  reason?: string;
  dueBy?: string | null;
  /**
   * The n-th message of this variation: its email's Message-ID, the same however often it is tried.
   * (A local activity retried after a backoff gets a new activity id, so that cannot be the key.)
   */
  sequence?: number;
  status?: string;
  /** Decisions made so far: a decision link is for this round only. */
  round?: number;
}

/** Failure type of a notice or visit request the EMS provider refused (4xx): its message goes to the practitioner. */
export const EMS_REFUSED = 'EMS_REFUSED';

/**
 * Failure type of mail whose recipient cannot be mailed: no mailbox in the reference data, or one the
 * relay refuses for good. A notice stops its step; a message is recorded as not sent.
 */
export const MAILBOX_MISSING = 'MAILBOX_MISSING';

export interface VariationActivities {
  /** R14: the Variation Notice (or its withdrawal) to the sentencing court. */
  notifyCourt(notice: NoticeContent, kind: 'VARIATION' | 'WITHDRAWAL'): Promise<NoticeReceipt>;
  /** R14: the same to the police. */
  notifyPolice(notice: NoticeContent, kind: 'VARIATION' | 'WITHDRAWAL'): Promise<NoticeReceipt>;
  /** R14, R15: the same to the EMS provider, whose answer carries its reference. */
  notifyEmsProvider(notice: NoticeContent, kind: 'VARIATION' | 'WITHDRAWAL'): Promise<NoticeReceipt>;
  /** R15: ask the EMS provider to visit the new address again after a failed visit. */
  requestEmsVisit(variation: VariationView): Promise<void>;
  sendMessage(message: Message): Promise<void>;
  /** Step 7: the contact with the PoP, recorded in nDelius. */
  recordContactInNDelius(contact: {
    variationId: string;
    crn: string;
    informedAt: string;
    method: string;
    by: string;
  }): Promise<{ contactId: string }>;
}

export interface ServiceLevelActivities {
  /** R16: signals every running variation whose ServiceLevelDueAt has passed; answers how many. */
  signalVariationsDue(): Promise<number>;
}

export interface StuckVariationActivities {
  /**
   * Finds every running variation whose workflow task keeps failing; tells operators of those whose
   * failure began in [since, until), once each. Never signals one (the signals would pile up).
   */
  reportStuckVariations(window: {
    since: string;
    until: string;
  }): Promise<{ stuck: number; reported: number }>;
}
