// Whole lifecycles arriving at a fixed rate (open loop): latency at a stated load, where the closed
// loop's, at saturation, is mostly queueing.
import type { Client } from '@temporalio/client';
import { ApiClient } from './api-client';
import { approvalToEms, runLifecycle, type Tokens } from './lifecycle';
import { Latencies, type Percentiles, percentiles } from './metrics';
import { atFixedRate } from './open-loop';
import type { Stack } from './stack';

export interface AtRateResult {
  rate: number;
  seconds: number;
  completed: number;
  failed: number;
  errors: string[];
  approvalToEmsMs: Percentiles;
  /** Submit to COMPLETED, one lifecycle. */
  durationMs: Percentiles;
  /** Its median over the first and the second half of arrivals: a service that cannot keep up grows. */
  durationMsMedianByHalf: [number, number];
  endpoints: Record<string, Percentiles>;
}

export async function lifecyclesAtFixedRate(
  stack: Stack,
  temporal: Client,
  tokens: Tokens,
  rate: number,
  seconds: number,
  firstPerson: number,
): Promise<AtRateResult> {
  const endpoints = new Latencies();
  const api = new ApiClient(stack.baseUrl, endpoints);
  const { results, errors } = await atFixedRate(rate * seconds, rate, (n) =>
    runLifecycle(firstPerson + n, api, temporal, stack.mail, tokens),
  );
  const byArrival = [...results].sort((a, b) => a.startedAt - b.startedAt);
  const duration = (runs: typeof results) => runs.map((run) => run.completedAt - run.startedAt);
  const half = Math.ceil(byArrival.length / 2);
  return {
    rate,
    seconds,
    completed: results.length,
    failed: errors.length,
    errors: errors.slice(0, 5),
    approvalToEmsMs: await approvalToEms(stack.emsUrl, results),
    durationMs: percentiles(duration(results)),
    durationMsMedianByHalf: [
      percentiles(duration(byArrival.slice(0, half))).p50,
      percentiles(duration(byArrival.slice(half))).p50,
    ],
    endpoints: endpoints.summary(),
  };
}
