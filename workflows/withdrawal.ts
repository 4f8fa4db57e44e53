// Withdrawal: before approval (or after a failed EMS visit) the practitioner may withdraw at any wait.
import type { VariationView } from '../libs/domain/src/variation';
import { messagesSent, sendWithdrawalNotices, Withdrawn } from './steps';
import type { VariationRecord } from './variation-record';

/** Runs the process; a withdrawal ends it as WITHDRAWN, telling anyone who had the notice. */
export async function untilWithdrawn(
  v: VariationRecord,
  process: () => Promise<VariationView>,
): Promise<VariationView> {
  try {
    return await process();
  } catch (error) {
    if (!(error instanceof Withdrawn)) throw error;
    const { reason, by } = v.withdrawal!;
    v.end('WITHDRAWN', by, reason);
    await sendWithdrawalNotices(v);
    await messagesSent(v);
    return v.view;
  }
}
