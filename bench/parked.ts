// Many variations left waiting for triage: what the worker's memory does with them.
import { ApiClient } from './api-client';
import { runPool } from './lifecycle';
import { Latencies, type Percentiles, round2, rssMb } from './metrics';
import { addressChange, addressChecks } from './requests';
import type { Stack } from './stack';
import { waitUntil } from '../scripts/processes';

export interface ParkedResult {
  count: number;
  failed: number;
  errors: string[];
  submitSeconds: number;
  /** Submit latency while parking: apart from the lifecycles' figures, as the load differs. */
  submitMs: Percentiles;
  /** Of all the workers together. */
  workerRssBeforeMb: number;
  workerRssAfterMb: number;
  /** Worker memory gained per waiting variation. */
  workerKbPerVariation: number;
  apiRssAfterMb: number;
  temporalRssAfterMb?: number;
}

export async function parkVariations(
  stack: Stack,
  token: string,
  count: number,
  concurrency: number,
  firstPerson: number,
): Promise<ParkedResult> {
  const pidOf = (name: string) => stack.children.find((child) => child.name === name)?.process.pid;
  // All the service's workers together: the variations are spread over them.
  const workersRssMb = () => round2(stack.workers.reduce((sum, name) => sum + rssMb(pidOf(name)!), 0));
  const workerRssBeforeMb = workersRssMb();
  const mailBefore = stack.mail.received();
  const latencies = new Latencies();
  const api = new ApiClient(stack.baseUrl, latencies);
  const started = Date.now();
  // Checks come with the body, so each one goes straight to AWAITING_TRIAGE and asks the SPO by mail.
  const { results, errors } = await runPool(count, concurrency, (n) =>
    api.call('submit', 'POST', '/variations', token, {
      body: { ...addressChange(firstPerson + n), addressChecks: addressChecks() },
      expect: 201,
    }),
  );
  const submitSeconds = (Date.now() - started) / 1000;
  // Started means settled: every one has sent its mail to the SPO, so no work for it is left in flight.
  await waitUntil(
    `${results.length} mails to the SPO`,
    async () => stack.mail.received() - mailBefore >= results.length,
    300_000,
  );
  const workerRssAfterMb = workersRssMb();
  const temporal = stack.temporalPid;
  return {
    count: results.length,
    failed: errors.length,
    errors: errors.slice(0, 5),
    submitSeconds: round2(submitSeconds),
    submitMs: latencies.summary().submit,
    workerRssBeforeMb,
    workerRssAfterMb,
    workerKbPerVariation: round2(
      ((workerRssAfterMb - workerRssBeforeMb) * 1024) / Math.max(1, results.length),
    ),
    apiRssAfterMb: rssMb(pidOf('api')!),
    temporalRssAfterMb: temporal ? rssMb(temporal) : undefined,
  };
}
