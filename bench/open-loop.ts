// Load at a fixed arrival rate: each job starts on schedule whether or not the earlier ones have
// finished (an open loop), so a slow answer cannot hold back the load that shows it.
import type { ApiClient } from './api-client';
import { Latencies, type Percentiles } from './metrics';
import { addressChange } from './requests';

export interface OpenLoopResult extends Percentiles {
  rps: number;
  seconds: number;
  failed: number;
  errors: string[];
}

/** Starts `total` jobs, `rps` a second; each is told when it was due. Failures are kept, not thrown. */
export async function atFixedRate<T>(
  total: number,
  rps: number,
  job: (i: number, due: number) => Promise<T>,
): Promise<{ results: T[]; errors: string[] }> {
  const results: T[] = [];
  const errors: string[] = [];
  const start = performance.now() + 100;
  const started: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rps;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    started.push(
      job(i, due).then(
        (result) => void results.push(result),
        (error: Error) => void errors.push(error.message),
      ),
    );
  }
  await Promise.all(started);
  return { results, errors };
}

export async function submitAtFixedRate(
  makeClient: (latencies: Latencies) => ApiClient,
  token: string,
  rps: number,
  seconds: number,
  firstPerson: number,
): Promise<OpenLoopResult> {
  const latencies = new Latencies();
  const api = makeClient(latencies);
  const { errors } = await atFixedRate(rps * seconds, rps, (i, due) =>
    // Timed from when the request was due, so a late start counts against the answer, not for it.
    api.call('submit', 'POST', '/variations', token, {
      body: addressChange(firstPerson + i),
      expect: 201,
      since: due,
    }),
  );
  return { rps, seconds, ...latencies.summary().submit, failed: errors.length, errors: errors.slice(0, 5) };
}
