import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/** One of the worker's periodic jobs: a workflow type run every `everyMs` on the task queue. */
export interface ScheduledJob {
  workflowType: string;
  taskQueue: string;
  everyMs: number;
}

/** Waits between tries of a job Temporal would not take, doubling up to the last. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Sets up every job, trying again any that Temporal will not take yet (just restarted, or too busy
 * to answer): the worker goes on working meanwhile, rather than dying at start for the want of a
 * Schedule that usually exists already. Resolves once all are set, or when `signal` aborts.
 */
export async function scheduleJobs(
  client: Client,
  jobs: ScheduledJob[],
  logger: Pick<Logger, 'warn' | 'log'>,
  signal: AbortSignal,
): Promise<void> {
  let pending = jobs;
  for (let attempt = 0; pending.length > 0 && !signal.aborted; attempt++) {
    if (attempt > 0)
      await sleep(RETRY_MS[Math.min(attempt - 1, RETRY_MS.length - 1)], undefined, { signal }).catch(
        () => undefined,
      );
    const failed: ScheduledJob[] = [];
    for (const job of pending) {
      if (signal.aborted) return;
      try {
        await scheduleJob(client, job);
      } catch (error) {
        failed.push(job);
        logger.warn(
          `The ${job.workflowType} Schedule could not be set up yet (${(error as Error).message}); trying again`,
        );
      }
    }
    if (attempt > 0 && failed.length === 0) logger.log('Every Schedule is set up');
    pending = failed;
  }
}

/**
 * Creates the Schedule that runs `workflowType` every `everyMs` on this task queue, or brings an
 * existing one to this configuration. Every worker does this at start; whichever comes second
 * updates what the first made.
 */
export async function scheduleJob(
  client: Client,
  { workflowType, taskQueue, everyMs }: ScheduledJob,
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
