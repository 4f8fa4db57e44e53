import { Context } from '@temporalio/activity';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ServiceLevelActivities } from '../../../../workflows/activities';
import { serviceLevelDueSignal } from '../../../../workflows/messages';
import { ServiceLevelDueAt } from '../../../../workflows/search-attributes';

/** R16: the sweep's one activity. It lists through visibility, so it sees no personal data. */
export const serviceLevelActivities: ServiceLevelActivities = {
  async signalVariationsDue() {
    const { client, info, log } = Context.current();
    const now = new Date().toISOString();
    let signalled = 0;
    // This task queue's variations only: each deployment sharing a namespace sweeps its own.
    const due = client.workflow.list({
      query:
        `${ServiceLevelDueAt.name} <= "${now}" AND ExecutionStatus = "Running" AND TaskQueue = "${info.taskQueue}"` +
        ` AND WorkflowType IN ("variationWorkflow", "courtVariationWorkflow")`,
    });
    for await (const { workflowId } of due) {
      const variation = client.workflow.getHandle(workflowId);
      try {
        // One whose workflow task keeps failing cannot act on a signal: each sweep's would only grow
        // its history until an operator puts the fault right. It is signalled once it runs again.
        const { raw } = await variation.describe();
        if ((raw.pendingWorkflowTask?.attempt ?? 0) > 1) {
          log.warn('A variation is due but its workflow task keeps failing: not signalled', { workflowId });
          continue;
        }
        await variation.signal(serviceLevelDueSignal);
        signalled += 1;
      } catch (error) {
        // Ended since it was listed: nothing left to chase.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      Context.current().heartbeat(signalled);
    }
    return signalled;
  },
};

/**
 * Creates the Schedule that runs the sweep every `everyMs`, or brings an existing one to this
 * configuration. Every worker does this at start; whichever comes second updates what the first made.
 */
export async function scheduleServiceLevelSweep(client: Client, taskQueue: string, everyMs: number) {
  const scheduleId = `service-level-sweep-${taskQueue}`;
  const schedule = {
    spec: { intervals: [{ every: everyMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'serviceLevelSweep',
      workflowId: scheduleId,
      taskQueue,
      // A sweep that cannot finish must not hold up every later one (overlapping runs are skipped).
      workflowExecutionTimeout: '1 hour',
    },
    // A sweep still running when the next is due has it skipped, not queued behind it; after an
    // outage one sweep catches up, as any sweep covers everything due so far.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
  };
  try {
    await client.schedule.create({ scheduleId, ...schedule });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...schedule }));
  }
}
