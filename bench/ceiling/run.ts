// Drives the ceiling workflow through the Temporal client directly, at the bench's concurrency.
import { Client, Connection } from '@temporalio/client';
import { join } from 'node:path';
import { waitUntil } from '../../scripts/processes';
import { countsOf, type HistoryCounts, historyOf } from '../history';
import { runPool } from '../lifecycle';
import { type ProcessUsage, sampleProcesses, steadyThroughput, type Throughput } from '../metrics';
import { hasPollers, NAMESPACE, type Stack } from '../stack';
import { ceilingWorkflow, type CeilingPlan, stepSignal, stepUpdate } from './workflow';

export interface CeilingResult {
  plan: CeilingPlan;
  completed: number;
  failed: number;
  errors: string[];
  throughput: Throughput;
  history: HistoryCounts;
  processes: ProcessUsage[];
}

export async function runCeiling(
  stack: Stack,
  plan: CeilingPlan,
  count: number,
  concurrency: number,
): Promise<CeilingResult> {
  const taskQueue = `${stack.taskQueue}-ceiling`;
  const worker = stack.spawn('ceiling-worker', [join(__dirname, 'worker.js')], {
    BENCH_CEILING_TASK_QUEUE: taskQueue,
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: NAMESPACE });
  try {
    await waitUntil('the ceiling worker to poll', () => hasPollers(connection, taskQueue), 120_000);
    const sampler = sampleProcesses([
      ...stack.children.map(({ name, process }) => ({ name, pid: process.pid! })),
      { name: 'bench', pid: process.pid },
    ]);
    const startedAt = Date.now();
    const { results, errors } = await runPool(count, concurrency, async (n) => {
      const handle = await client.workflow.start(ceilingWorkflow, {
        workflowId: `ceiling-${taskQueue}-${n}`,
        taskQueue,
        args: [plan],
      });
      for (const { message } of plan.steps) {
        if (message === 'update') await handle.executeUpdate(stepUpdate);
        else await handle.signal(stepSignal);
      }
      await handle.result();
      return Date.now();
    });
    const processes = sampler.stop();
    const history = countsOf(await historyOf(client, `ceiling-${taskQueue}-0`));
    return {
      plan,
      completed: results.length,
      failed: errors.length,
      errors: errors.slice(0, 5),
      throughput: steadyThroughput(startedAt, results, concurrency),
      history,
      processes,
    };
  } finally {
    await connection.close();
    worker.process.kill('SIGTERM');
    await worker.exited;
  }
}
