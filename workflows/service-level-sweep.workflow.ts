// R16: the service-level sweep, started by a Temporal Schedule (apps/worker/src/service-levels).
// Every variation whose ServiceLevelDueAt has passed is signalled, and reminds or escalates itself
// (steps.ts, serviceLevelDue). One sweep instead of a timer per waiting step keeps a step that is
// done on time free of service-level events in its history.
import { proxyActivities } from '@temporalio/workflow';
import type { ServiceLevelActivities } from './activities';

const { signalVariationsDue } = proxyActivities<ServiceLevelActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  // The next sweep comes soon enough; a sweep that keeps failing should not pile up behind it.
  retry: { maximumAttempts: 3 },
});

/** Answers how many variations it signalled. */
export async function serviceLevelSweep(): Promise<number> {
  return signalVariationsDue();
}
