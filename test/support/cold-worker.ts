// For tests of a worker starting cold: a workflows-only worker in a child process that a test can
// kill -9, as the fault suite kills the real worker (it dies holding its sticky queue, and the server
// finds out only by timing out), and what history says was completed while no worker ran.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import type { TestTemporal } from './temporal-server';
import { workflowBundle } from './workflow-worker';

/** A promise and the function that settles it. */
export function later(): { promise: Promise<void>; settle: () => void } {
  const { promise, resolve } = Promise.withResolvers<void>();
  return { promise, settle: () => resolve() };
}

/** A workflows-only worker in a child process, ready once it polls. */
export async function killableWorker(
  temporal: TestTemporal,
  taskQueue: string,
  options: { failingMessage?: string } = {},
): Promise<ChildProcess> {
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'workflows.js');
  writeFileSync(bundlePath, (await workflowBundle()).code);
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'workflow-worker-process.cjs'),
      JSON.stringify({
        address: temporal.env.address,
        taskQueue,
        bundlePath,
        secrets: temporal.secrets,
        ...options,
      }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('polling') && resolve());
    child.once('exit', (code) => reject(new Error(`The worker process exited with ${code}`)));
  });
  return child;
}

/** Kills the worker -9 and waits until it has gone. */
export async function kill(worker: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await exited;
}

/** The types of the events in the workflow's history so far (no worker needed). */
export async function eventTypes(h: WorkflowHandle): Promise<string[]> {
  const { events } = await h.fetchHistory();
  return events!.map((e) => proto.api.enums.v1.EventType[e.eventType!]);
}

/** The types of the activities completed so far, from history (no worker needed). */
export async function completedActivities(h: WorkflowHandle): Promise<string[]> {
  const { events } = await h.fetchHistory();
  const scheduled = new Map(
    events!
      .filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes!.activityType!.name!]),
  );
  return events!
    .filter((e) => e.activityTaskCompletedEventAttributes)
    .map((e) => scheduled.get(String(e.activityTaskCompletedEventAttributes!.scheduledEventId))!);
}
