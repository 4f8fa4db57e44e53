import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * Creates the Schedule that runs `workflowType` every `everyMs` on this task queue, or brings an
 * existing one to this configuration. Every worker does this at start; whichever comes second
 * updates what the first made.
 */
export async function scheduleJob(
  client: Client,
  { workflowType, taskQueue, everyMs }: { workflowType: string; taskQueue: string; everyMs: number },
): Promise<void> {
  const scheduleId = `${kebab(workflowType)}-${taskQueue}`;
  const schedule = {
    spec: { intervals: [{ every: everyMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType,
      workflowId: scheduleId,
      taskQueue,
      args: [everyMs],
      // A run that cannot finish must not hold up every later one (overlapping runs are skipped).
      workflowExecutionTimeout: '1 hour',
    },
    // A run still going when the next is due has it skipped, not queued behind it; after an outage
    // one run catches up.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
  };
  try {
    await client.schedule.create({ scheduleId, ...schedule });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...schedule }));
  }
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
