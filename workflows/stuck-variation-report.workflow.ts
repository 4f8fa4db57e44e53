// Operators' report of variations that cannot go on (issue 19; docs/operations.md, "A stuck
// variation"), started by a Temporal Schedule like the service-level sweep. It keeps no state: each run
// reports the variations whose failing workflow task first failed in the interval before its own
// time, so each is reported once, and a variation stuck again later is reported again.
import { proxyActivities } from '@temporalio/workflow';
import type { StuckVariationActivities } from './activities';

const { reportStuckVariations } = proxyActivities<StuckVariationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  // The next run comes soon enough, and reports what this one would have.
  retry: { maximumAttempts: 3 },
});

/** `everyMs`: the Schedule's interval. Answers how many are stuck now, and how many it reported. */
export async function stuckVariationReport(everyMs: number): Promise<{ stuck: number; reported: number }> {
  // Intervals counted from the epoch, as the Schedule's are: a late run still covers its own.
  const until = Math.floor(Date.now() / everyMs) * everyMs;
  return reportStuckVariations({
    since: new Date(until - everyMs).toISOString(),
    until: new Date(until).toISOString(),
  });
}
