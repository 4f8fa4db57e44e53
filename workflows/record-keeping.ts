// The record (PostgreSQL) follows each variation: what people read for years after Temporal has
// deleted the history (architecture.md, two stores).
import { condition, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { VariationView } from '../libs/domain/src/variation';
import type { VariationActivities } from './activities';
import { CrnDigest } from './search-attributes';
import type { VariationRecord } from './variation-record';

// The database can be away for hours: keep trying, backing off to every ten minutes.
const record = proxyActivities<VariationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Runs the process while publishing the variation at each change of status, from a coroutine of its
 * own so the process never waits on the database; then publishes it once more as it ended (with the
 * notices and messages after its last status) and ends only once that is on record.
 */
export async function recorded(v: VariationRecord, process: Promise<VariationView>): Promise<VariationView> {
  const crnDigest = workflowInfo().typedSearchAttributes.get(CrnDigest) ?? '';
  let published = 0;
  void (async () => {
    for (;;) {
      await condition(() => v.changes > published);
      const version = v.changes;
      await record.recordVariation({ view: v.view, version, crnDigest });
      published = version;
    }
  })();
  const ended = await process;
  v.changes++;
  await condition(() => published === v.changes);
  return ended;
}
