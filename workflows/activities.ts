// What the workflow asks of the outside world. Implemented in apps/worker, one adapter per party.
import type { Message } from '../libs/domain/src/message';
import type { NoticeContent, VariationView } from '../libs/domain/src/variation';
import type { RecordEntry } from '../libs/record/src/variation-records';

export type { Message };

export interface NoticeReceipt {
  reference: string;
  sentAt: string;
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
  /** The record (PostgreSQL): the variation as it is now, unless a later version is there already. */
  recordVariation(entry: RecordEntry): Promise<void>;
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

export interface RecordUpkeepActivities {
  /**
   * Re-publishes each running variation whose record is missing or shows another status than its
   * workflow (a change the worker held when it stopped, the database away); answers how many.
   */
  catchUpRecord(): Promise<number>;
  /** R17: deletes the records of variations closed longer ago than RECORD_RETENTION; answers how many. */
  deleteExpiredRecords(): Promise<number>;
}
