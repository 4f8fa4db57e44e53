// Submit latency at a fixed arrival rate: requests leave on schedule whether or not earlier ones
// have answered (an open loop), so a slow answer cannot hold back the load that shows it.
import type { ApiClient } from './api-client';
import { Latencies, type Percentiles } from './metrics';
import { addressChange } from './requests';

export interface OpenLoopResult extends Percentiles {
  rps: number;
  seconds: number;
  failed: number;
  errors: string[];
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
  const errors: string[] = [];
  const total = rps * seconds;
  const start = performance.now() + 100;
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // Timed from when the request was due, so a late start counts against the answer, not for it.
    const due = start + (i * 1000) / rps;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    sent.push(
      api
        .call('submit', 'POST', '/variations', token, {
          body: addressChange(firstPerson + i),
          expect: 201,
          since: due,
        })
        .then(
          () => undefined,
          (error: Error) => void errors.push(error.message),
        ),
    );
  }
  await Promise.all(sent);
  return { rps, seconds, ...latencies.summary().submit, failed: errors.length, errors: errors.slice(0, 5) };
}
