// What the record's writes cost, in the same run on the same machine (issue 21): a batch of
// lifecycles on a worker with the writes left out (worker-without-record.ts), then a batch on the
// real worker, each process's CPU sampled over each. The workflows are the same, so each still
// schedules its last publication (an activity, now a no-op): its Temporal share is in both.
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { appEntry } from '../libs/config/src/paths';
import { stopChild, waitUntil } from '../scripts/processes';
import { round2, sampleProcesses } from './metrics';
import { hasPollers, type Stack } from './stack';

export interface RecordCost {
  lifecycles: number;
  /** CPU ms per lifecycle by process, and in all, without and with the record's writes. */
  without: Record<string, number>;
  with: Record<string, number>;
  /** (with − without) / without, of the total. */
  added: number;
}

export async function recordCost(
  stack: Stack,
  connection: Connection,
  batch: (count: number, offset: number) => Promise<{ runs: unknown[] }>,
  count: number,
  offset: number,
): Promise<RecordCost> {
  const measure = async (name: string, entry: string, from: number) => {
    const worker = stack.spawn(name, [entry], {});
    await waitUntil('the worker to poll', () => hasPollers(connection, stack.taskQueue), 120_000);
    const others = stack.children.filter(
      (child) => ['temporal', 'ems', 'api'].includes(child.name) && child.process.exitCode === null,
    );
    const sampler = sampleProcesses([
      ...others.map(({ name: other, process }) => ({ name: other, pid: process.pid! })),
      { name: 'worker', pid: worker.process.pid! },
      { name: 'postgres', pid: stack.postgresPid, tree: true },
    ]);
    const { runs } = await batch(count, from);
    const usage = sampler.stop();
    await stopChild(worker);
    const perLifecycle = Object.fromEntries(
      usage.map((p) => [p.name, Math.round((p.cpuSeconds * 1000) / runs.length)]),
    );
    return { ...perLifecycle, total: Object.values(perLifecycle).reduce((sum, ms) => sum + ms, 0) };
  };
  await stopChild(stack.children.find((child) => child.name === 'worker')!);
  const without = await measure('worker-without-record', join(__dirname, 'worker-without-record.js'), offset);
  const withRecord = await measure('worker-with-record', appEntry('worker'), offset + count);
  return {
    lifecycles: count,
    without,
    with: withRecord,
    added: round2((withRecord.total - without.total) / without.total),
  };
}
