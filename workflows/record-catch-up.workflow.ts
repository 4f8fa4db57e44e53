// The record's catch-up, started by a Temporal Schedule (apps/worker/src/record). A worker that stops
// while the database is away loses the changes it was holding for the record (record-keeping.ts);
// this finds the running variations whose record is behind and publishes them again.
import { proxyActivities } from '@temporalio/workflow';
import type { RecordUpkeepActivities } from './activities';

const { catchUpRecord } = proxyActivities<RecordUpkeepActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  // The next run comes soon enough, and catches up what this one would have.
  retry: { maximumAttempts: 3 },
});

/** Answers how many variations it published again. */
export async function recordCatchUp(): Promise<number> {
  return catchUpRecord();
}
