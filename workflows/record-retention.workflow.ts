// R17: the record is kept for RECORD_RETENTION after a variation closes, then deleted, each deletion
// audited. Started by a Temporal Schedule (apps/worker/src/record).
import { proxyActivities } from '@temporalio/workflow';
import type { RecordUpkeepActivities } from './activities';

const { deleteExpiredRecords } = proxyActivities<RecordUpkeepActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

/** Answers how many records it deleted. */
export async function recordRetention(): Promise<number> {
  return deleteExpiredRecords();
}
