// Whole lifecycles over real HTTP: submit, checks, triage, approval, the notices and the EMS provider's
// confirmation and visit (the simulator's signed webhooks), then the PoP told and COMPLETED.
import type { Client } from '@temporalio/client';
import { renderMessage } from '../libs/notifications/src/messages';
import type { ApiClient } from './api-client';
import type { MailSink } from './mail-sink';
import { percentiles } from './metrics';
import { addressChange, addressChecks } from './requests';

export interface Tokens {
  practitioner: string;
  spo: string;
  pduHead: string;
}

export interface LifecycleRun {
  id: string;
  /** Epoch milliseconds: the submit sent, the approval sent, the workflow completed. */
  startedAt: number;
  approvalSentAt: number;
  completedAt: number;
}

const READY_TO_TELL = 'AWAITING_POP_INFORMED';
/** The subject of the email that tells the practitioner the PoP may now be told (only the id shows in it). */
const readyToTellSubject = (variationId: string) =>
  renderMessage({ about: 'READY_TO_TELL_POP', variationId, recipientName: '', caseUrl: '' }).subject;

export async function runLifecycle(
  n: number,
  api: ApiClient,
  temporal: Client,
  mail: MailSink,
  tokens: Tokens,
): Promise<LifecycleRun> {
  const startedAt = Date.now();
  const { practitioner, spo, pduHead } = tokens;
  const submitted = await api.call('submit', 'POST', '/variations', practitioner, {
    body: addressChange(n),
    expect: 201,
  });
  const path = `/variations/${submitted.id}`;
  await api.call('checks', 'POST', `${path}/checks`, practitioner, { body: addressChecks() });
  await api.call('triage', 'POST', `${path}/triage`, spo, { body: { decision: 'ACCEPT' } });
  const approvalSentAt = Date.now();
  await api.call('approval', 'POST', `${path}/approval`, pduHead, { body: { decision: 'APPROVE' } });

  // The EMS provider confirms and visits on its own. The practitioner acts on the email that says
  // the PoP may be told, and opens the case from it, rather than reading the case again and again.
  await mail.delivered(readyToTellSubject(submitted.id), 120_000);
  const { status } = await api.call('view', 'GET', path, practitioner);
  if (status !== READY_TO_TELL) throw new Error(`${submitted.id} is ${status}, not ${READY_TO_TELL}`);

  await api.call('popInformed', 'POST', `${path}/pop-informed`, practitioner, {
    body: { informedAt: new Date(Date.now() - 1_000).toISOString(), method: 'PHONE' },
  });
  // The end is the workflow's own: waiting on its result costs the api nothing, where polling would.
  const view = (await temporal.workflow.getHandle(`variation-${submitted.id}`).result()) as {
    status: string;
  };
  if (view.status !== 'COMPLETED') throw new Error(`${submitted.id} ended ${view.status}, not COMPLETED`);
  return { id: submitted.id, startedAt, approvalSentAt, completedAt: Date.now() };
}

/** Runs `count` jobs, `concurrency` at a time (a closed loop); failures are kept, not thrown. */
export async function runPool<T>(
  count: number,
  concurrency: number,
  job: (n: number) => Promise<T>,
): Promise<{ results: T[]; errors: string[] }> {
  const results: T[] = [];
  const errors: string[] = [];
  let next = 0;
  const loop = async () => {
    while (next < count) {
      const n = next++;
      try {
        results.push(await job(n));
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));
  return { results, errors };
}

/** The simulator dates each notice it receives; the bench knows when it sent each approval. */
export async function approvalToEms(emsUrl: string, runs: LifecycleRun[]) {
  const response = await fetch(`${emsUrl}/admin/notices`);
  const notices = (await response.json()) as {
    receivedAt: string;
    body: { kind: string; variationId: string };
  }[];
  const received = new Map(
    notices
      .filter((notice) => notice.body.kind === 'VARIATION')
      .map((notice) => [notice.body.variationId, Date.parse(notice.receivedAt)]),
  );
  return percentiles(
    runs.filter((run) => received.has(run.id)).map((run) => received.get(run.id)! - run.approvalSentAt),
  );
}
