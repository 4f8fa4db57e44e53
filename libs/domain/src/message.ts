// A message to a person about a variation: what the workflow asks to be sent, and what the mail
// templates render. In the domain, so the workflow and the notifications library share it.
import type { Party } from './service-levels';

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
