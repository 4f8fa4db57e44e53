// The figures of a fault run, counted as it goes and printed at the end (and kept in last-run.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scale } from './scale';

export const figures = {
  scale: scale.name,
  variations: {
    run: 0,
    /** Did not reach the final state their journey leads to, or missing from the list. */
    lost: 0,
    /** In the list but made by no journey (a retried submission that made a second one). */
    extra: 0,
    byFinalStatus: {} as Record<string, number>,
  },
  faults: {
    workerKilled: 0,
    apiKilled: 0,
    temporalRestarted: 0,
    /** The full server's PostgreSQL crashed under it and came back (test:cluster only). */
    temporalDatabaseCrashed: 0,
    recordDatabaseCrashed: 0,
    mailRelayAway: 0,
    emsProviderFailing: 0,
    emsProviderTimingOut: 0,
    /** Rules of the EMS simulator: a rejection, a failed visit, duplicated and reordered webhooks. */
    emsRejections: 0,
    emsFailedVisits: 0,
    webhooksDuplicated: 0,
    webhooksReordered: 0,
    webhooksRedeliveredByHand: 0,
    decisionRaces: 0,
    forgedWebhooks: 0,
    garbageRequests: 0,
    fuzzedRequests: 0,
  },
  /** What the faults did: calls and deliveries that failed while something was away. */
  effects: {
    emsProviderCallsFailed: 0,
    emsProviderCallsHeld: 0,
    mailSendsRefused: 0,
    /** The simulator's webhook attempts that got no 2xx (it retries them). */
    webhookAttemptsFailed: 0,
  },
  /** WorkflowTaskFailed events in the variations' histories, by cause: each one held a variation up. */
  workflowTaskFailures: {} as Record<string, number>,
  /** The record (PostgreSQL) against each variation's workflow as it ended. */
  record: { checked: 0, lost: 0, diverged: 0 },
  /** A step decided twice, a notice or a once-only event recorded twice. */
  decisionsDoubled: 0,
  emails: {
    received: 0,
    /** The same message (same Message-ID) delivered again: a send retried after the relay took it. */
    redeliveredSameMessageId: 0,
    /** Two different messages with the same recipient and subject (the subject names the variation). */
    duplicatedMessages: 0,
  },
  answers: {
    /** 503 with Retry-After: the documented "try again" while Temporal is away; the client retried. */
    unavailable503: 0,
    /** No answer at all (connection refused or timed out): the api was killed or stalled. */
    noAnswer: 0,
    /** Any other 5xx: must stay 0 (the first 20 are kept). */
    other5xx: 0,
    other5xxSeen: [] as string[],
  },
  races: { won200: 0, lost409: 0 },
  durationsMs: {} as Record<string, number>,
};

/** Counts a 5xx other than 503 + Retry-After, keeping the first few for the report. */
export function seen5xx(what: string): void {
  figures.answers.other5xx += 1;
  if (figures.answers.other5xxSeen.length < 20) figures.answers.other5xxSeen.push(what);
}

/** Prints the figures as a table and keeps them in test/faults/last-run.json (not committed). */
export function report(): void {
  writeFileSync(join(__dirname, 'last-run.json'), `${JSON.stringify(figures, null, 2)}\n`);
  const rows: [string, unknown][] = [
    ['scale', figures.scale],
    ['variations run', figures.variations.run],
    ...Object.entries(figures.variations.byFinalStatus).map(([status, n]): [string, number] => [
      `  ended ${status}`,
      n,
    ]),
    ['variations lost', figures.variations.lost],
    ['variations made twice', figures.variations.extra],
    ['decisions doubled', figures.decisionsDoubled],
    ['records checked against their workflow', figures.record.checked],
    ['records lost', figures.record.lost],
    ['records diverging from their workflow', figures.record.diverged],
    ...Object.entries(figures.workflowTaskFailures).map(([cause, n]): [string, number] => [
      `workflow task failed: ${cause}`,
      n,
    ]),
    ...Object.entries(figures.faults).map(([kind, n]): [string, number] => [`fault: ${kind}`, n]),
    ...Object.entries(figures.effects).map(([kind, n]): [string, number] => [`effect: ${kind}`, n]),
    ['races: 200 / 409', `${figures.races.won200} / ${figures.races.lost409}`],
    ['emails received', figures.emails.received],
    ['emails redelivered (same Message-ID)', figures.emails.redeliveredSameMessageId],
    ['emails duplicated (new Message-ID)', figures.emails.duplicatedMessages],
    ['503 + Retry-After (retried)', figures.answers.unavailable503],
    ['no answer (process down)', figures.answers.noAnswer],
    ['5xx seen (other than those 503s)', figures.answers.other5xx],
    ...Object.entries(figures.durationsMs).map(([phase, ms]): [string, string] => [
      `duration: ${phase}`,
      `${(ms / 1000).toFixed(1)} s`,
    ]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    ['Fault suite figures', ...rows.map(([name, value]) => `${name.padEnd(width)}  ${String(value)}`)].join(
      '\n',
    ),
  );
}
