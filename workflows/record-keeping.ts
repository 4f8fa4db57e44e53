// The record (PostgreSQL) follows each variation: what people read for years after Temporal has
// deleted the history (architecture.md, two stores).
import {
  condition,
  patched,
  proxyActivities,
  proxySinks,
  setHandler,
  type Sinks,
  workflowInfo,
} from '@temporalio/workflow';
import type { VariationView } from '../libs/domain/src/variation';
import type { RecordEntry } from '../libs/record/src/variation-records';
import type { VariationActivities } from './activities';
import { recordEntryQuery } from './messages';
import { CrnDigest } from './search-attributes';
import type { VariationRecord } from './variation-record';

/**
 * The worker's record publisher (apps/worker/src/record): handed each change as the workflow task that
 * made it ends, written behind the workflow's back. Nothing in history, no task of its own.
 */
export interface RecordSinks extends Sinks {
  record: { publish(entry: RecordEntry): void };
}

const { record } = proxySinks<RecordSinks>();

// The database can be away for hours: keep trying, backing off to every ten minutes.
const { recordVariation } = proxyActivities<VariationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Runs the process while the record follows it: each change (of status, or in the timeline) is
 * handed to the record publisher as the task that made it ends. That costs the process nothing, but
 * a worker that stops may lose what it held; so as the variation ends its last view is published once
 * more through an activity, retried until the database takes it, and the workflow ends only then.
 */
export async function recorded(v: VariationRecord, process: Promise<VariationView>): Promise<VariationView> {
  const crnDigest = workflowInfo().typedSearchAttributes.get(CrnDigest) ?? '';
  const { orderDigest } = v.input;
  const entry = (version: number): RecordEntry => ({ view: v.view, version, crnDigest, orderDigest });
  // For the record's catch-up and rebuild (apps/worker/src/record/record-rebuild.ts).
  setHandler(recordEntryQuery, () => entry(v.changes));
  let published = 0;
  void (async () => {
    for (;;) {
      // Woken once per task that changed something, after all of that task's changes.
      await condition(() => v.changes > published);
      published = v.changes;
      record.publish(entry(published));
    }
  })();
  const ended = await process;
  // Guarded for variations that ended before the record existed: their histories have no such step.
  if (patched('record-at-end')) {
    published = ++v.changes;
    await recordVariation(entry(v.changes));
  }
  return ended;
}
