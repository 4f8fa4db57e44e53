// What the record's writes cost, in the same run on the same machine (issue 21): a batch of
// lifecycles on a worker with the writes left out (worker-without-record.ts), then a batch on the
// real worker, each process's CPU sampled over each. The workflows are the same, so each still
// schedules its last publication (an activity, now a no-op): its Temporal share is in both.
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { appEntry } from '../libs/config/src/paths';
import { numbered, stopChild, waitUntil } from '../scripts/processes';
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
    // As many workers as the stack runs, counted together as the worker.
    const workers = numbered(name, stack.workers.length).map((worker) => stack.spawn(worker, [entry], {}));
    const pids = workers.map((worker) => worker.process.pid!);
    await waitUntil('the workers to poll', () => hasPollers(connection, stack.taskQueue, pids), 120_000);
    const sampler = sampleProcesses(stack.processes());
    const { runs } = await batch(count, from);
    const usage = sampler.stop();
    for (const worker of workers) await stopChild(worker);
    const perLifecycle: Record<string, number> = {};
    for (const p of usage) {
      const key = p.name.startsWith(name) ? 'worker' : p.name;
      perLifecycle[key] = (perLifecycle[key] ?? 0) + Math.round((p.cpuSeconds * 1000) / runs.length);
    }
    return { ...perLifecycle, total: Object.values(perLifecycle).reduce((sum, ms) => sum + ms, 0) };
  };
  for (const child of stack.children.filter((c) => stack.workers.includes(c.name))) await stopChild(child);
  const without = await measure('worker-without-record', join(__dirname, 'worker-without-record.js'), offset);
  const withRecord = await measure('worker-with-record', appEntry('worker'), offset + count);
  return {
    lifecycles: count,
    without,
    with: withRecord,
    added: round2((withRecord.total - without.total) / without.total),
  };
}
