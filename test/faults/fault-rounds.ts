// The faults injected while variations are in flight, one after the other, and the journeys launched
// between them so that every fault finds variations at every step of the process.
import type { DeliveryRecord } from '../../apps/ems-simulator/src/webhook-delivery.service';
import { call } from '../support/http';
import type { Stack } from '../support/stack';
import { eventually } from '../support/variations';
import type { Staff } from './client';
import { figures } from './figures';
import { type Ending, JOURNEYS } from './journeys';
import { scale } from './scale';

type Fault = (stack: Stack) => Promise<void>;

/** An outage lasts this long: the fault itself, not a wait for something to happen. */
const outage = () => new Promise((resolve) => setTimeout(resolve, scale.outageMs));

const killWorker: Fault = async (stack) => {
  await stack.kill('worker');
  figures.faults.workerKilled += 1;
  await stack.restart('worker');
};

const killApi: Fault = async (stack) => {
  await stack.kill('api');
  figures.faults.apiKilled += 1;
  await stack.restart('api');
};

const restartTemporal: Fault = async (stack) => {
  await stack.stopTemporal();
  figures.faults.temporalRestarted += 1;
  await outage();
  await stack.startTemporal();
};

/** The full server's PostgreSQL crashes under the running server and comes back (test:cluster). */
const temporalDatabaseCrashed: Fault = async (stack) => {
  const cluster = stack.temporal.cluster!;
  await cluster.stopDatabase('immediate');
  figures.faults.temporalDatabaseCrashed += 1;
  await outage();
  await cluster.startDatabase();
};

/** The record's PostgreSQL crashes (an immediate shutdown) and comes back, recovering from its WAL. */
const recordDatabaseCrashed: Fault = async (stack) => {
  await stack.stopRecordDatabase('immediate');
  figures.faults.recordDatabaseCrashed += 1;
  await outage();
  await stack.startRecordDatabase();
};

const mailRelayAway: Fault = async (stack) => {
  await stack.stopMailbox();
  figures.faults.mailRelayAway += 1;
  await outage();
  await stack.startMailbox();
};

const emsProviderFailing: Fault = async (stack) => {
  stack.emsLink.mode = 'fail';
  figures.faults.emsProviderFailing += 1;
  await outage();
  stack.emsLink.mode = 'pass';
};

/** Requests that reach the provider meanwhile are never answered: the worker's own timeout ends them. */
const emsProviderTimingOut: Fault = async (stack) => {
  stack.emsLink.mode = 'hang';
  figures.faults.emsProviderTimingOut += 1;
  await outage();
  stack.emsLink.mode = 'pass';
};

const ROUND: Fault[] = [
  killWorker,
  mailRelayAway,
  emsProviderFailing,
  killWorker,
  restartTemporal,
  emsProviderTimingOut,
  killApi,
  recordDatabaseCrashed,
  killWorker,
  ...(scale.cluster ? [temporalDatabaseCrashed] : []),
];

/** Runs `scale.variations` journeys, a batch before each fault; resolves with how each ended or failed. */
export async function journeysUnderFaults(
  stack: Stack,
  staff: Staff,
): Promise<PromiseSettledResult<Ending>[]> {
  const faults = Array.from({ length: scale.faultRounds }, () => ROUND).flat();
  const kinds = Object.values(JOURNEYS);
  const journeys: Promise<Ending>[] = [];
  const launch = (until: number) => {
    while (journeys.length < until) journeys.push(kinds[journeys.length % kinds.length](stack, staff));
  };
  for (const [i, fault] of faults.entries()) {
    launch(Math.round((scale.variations * (i + 1)) / (faults.length + 1)));
    // In flight: every journey launched so far has its variation.
    await eventually(
      'the batch to be submitted',
      async () => figures.variations.run,
      (run) => run >= journeys.length,
      (run) => run,
      120_000,
      200,
    );
    await fault(stack);
  }
  launch(scale.variations);
  return Promise.allSettled(journeys);
}

/** Counts what the faults did, from the EMS link, the simulator's deliveries and the worker's log. */
export async function countEffects(stack: Stack): Promise<void> {
  figures.effects.emsProviderCallsFailed = stack.emsLink.failed;
  figures.effects.emsProviderCallsHeld = stack.emsLink.held;
  figures.effects.mailSendsRefused = stack.output.filter(
    (line) => /^\[worker(-\d+)?\] /.test(line) && line.includes('ECONNREFUSED'),
  ).length;
  const deliveries = (await call(stack.emsUrl, 'GET', '/admin/deliveries')).body as DeliveryRecord[];
  const ids = deliveries.map((d) => d.webhookId);
  figures.faults.webhooksDuplicated = ids.length - new Set(ids).size;
  figures.effects.webhookAttemptsFailed = deliveries
    .flatMap((d) => d.attempts)
    .filter((a) => a.status === undefined || a.status >= 300).length;
}
