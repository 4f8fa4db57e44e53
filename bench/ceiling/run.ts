// Drives the ceiling workflow at the bench's concurrency, either through the Temporal client directly
// or over HTTP through a front making the api's Temporal calls (http-front.module.ts).
import { Client, Connection } from '@temporalio/client';
import { join } from 'node:path';
import {
  type Child,
  isHttpOk,
  numbered,
  stopChild,
  waitUntil,
  waitWhileRunning,
} from '../../scripts/processes';
import { countsOf, type HistoryCounts, historyOf } from '../history';
import { runPool } from '../lifecycle';
import { type ProcessUsage, sampleProcesses, steadyThroughput, type Throughput } from '../metrics';
import { freePort } from '../../scripts/free-port';
import { hasPollers, NAMESPACE, type Stack } from '../stack';
import { ceilingWorkflow, type CeilingPlan, stepSignal, stepUpdate } from './workflow';

export type CeilingDriver = 'client' | 'http';

export interface CeilingResult {
  via: CeilingDriver;
  plan: CeilingPlan;
  completed: number;
  failed: number;
  errors: string[];
  throughput: Throughput;
  history: HistoryCounts;
  processes: (ProcessUsage & { cpuMsPerRun: number })[];
}

export async function runCeiling(
  stack: Stack,
  plan: CeilingPlan,
  options: { via: CeilingDriver; count: number; concurrency: number; workers: number },
): Promise<CeilingResult> {
  const { via, count, concurrency } = options;
  const taskQueue = `${stack.taskQueue}-ceiling-${via}`;
  // As many workers as the service has, for fairness.
  const workers: Child[] = numbered('ceiling-worker', options.workers).map((name) =>
    stack.spawn(name, [join(__dirname, 'worker.js')], { BENCH_CEILING_TASK_QUEUE: taskQueue }),
  );
  const frontPort = via === 'http' ? await freePort() : undefined;
  const front = frontPort
    ? stack.spawn('ceiling-front', [join(__dirname, 'http-front.js')], {
        PORT: String(frontPort),
        BENCH_CEILING_TASK_QUEUE: taskQueue,
      })
    : undefined;
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: NAMESPACE });
  try {
    const pids = workers.map((worker) => worker.process.pid!);
    await waitUntil('the ceiling workers to poll', () => hasPollers(connection, taskQueue, pids), 120_000);
    const frontUrl = `http://127.0.0.1:${frontPort}`;
    if (front)
      await waitWhileRunning(front, 'the ceiling front', () => isHttpOk(`${frontUrl}/health`), 120_000);
    const drive = front ? overHttp(frontUrl, plan) : throughClient(client, taskQueue, plan);
    // Temporal's processes and the ceiling's own (the service's sit idle meanwhile).
    const sampled = stack.processes().filter(({ name }) => /^(temporal|ceiling-)/.test(name));
    const sampler = sampleProcesses([...sampled, { name: 'bench', pid: process.pid }]);
    const startedAt = Date.now();
    const { results, errors } = await runPool(count, concurrency, async (n) => {
      const workflowId = `ceiling-${taskQueue}-${n}`;
      await drive(workflowId);
      await client.workflow.getHandle(workflowId).result();
      return Date.now();
    });
    const usage = sampler.stop();
    const history = countsOf(await historyOf(client, `ceiling-${taskQueue}-0`));
    return {
      via,
      plan,
      completed: results.length,
      failed: errors.length,
      errors: errors.slice(0, 5),
      throughput: steadyThroughput(startedAt, results, concurrency),
      history,
      processes: usage.map((p) => ({
        ...p,
        cpuMsPerRun: Math.round((p.cpuSeconds * 1000) / Math.max(1, results.length)),
      })),
    };
  } finally {
    await connection.close();
    for (const child of [...workers, ...(front ? [front] : [])]) await stopChild(child);
  }
}

/** Start, then each message in turn; an action is an Update or a bare signal, an EMS event a signal. */
function throughClient(client: Client, taskQueue: string, plan: CeilingPlan) {
  return async (workflowId: string) => {
    const handle = await client.workflow.start(ceilingWorkflow, { workflowId, taskQueue, args: [plan] });
    for (const { message } of plan.steps) {
      if (message === 'update') await handle.executeUpdate(stepUpdate);
      else await handle.signal(stepSignal);
    }
  };
}

/**
 * The requests of our lifecycle (bench/lifecycle.ts), in the plan's order: submit, each person's
 * action, each EMS event as the provider's webhook, and the case opened once, when the person acts
 * after the provider's events (ours: told by email that the PoP may be told).
 */
function overHttp(baseUrl: string, plan: CeilingPlan) {
  const call = async (method: 'GET' | 'POST', path: string, expect: number, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (response.status !== expect)
      throw new Error(`${method} ${path} answered ${response.status}, not ${expect}: ${text.slice(0, 300)}`);
  };
  return async (id: string) => {
    await call('POST', '/runs', 201, { id, plan });
    for (const [i, step] of plan.steps.entries()) {
      if (step.by === 'person' && plan.steps[i - 1]?.by === 'ems') await call('GET', `/runs/${id}`, 200);
      if (step.by === 'ems') await call('POST', `/runs/${id}/events`, 204, {});
      else await call('POST', `/runs/${id}/${step.message === 'update' ? 'updates' : 'actions'}`, 200, {});
    }
  };
}
