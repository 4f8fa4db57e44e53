// After the faults: did every variation end where it should, once, with every email sent once?
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { ParsedMail } from 'mailparser';
import { FINAL_STATUSES, type VariationView } from '../../libs/domain/src/variation';
import { recordDatabase } from '../../libs/record/src/database';
import { VariationRecords } from '../../libs/record/src/variation-records';
import { parseEncryptionKeys } from '../../libs/temporal/src/payload-codec';
import { recipientOf } from '../support/mailbox';
import type { Stack } from '../support/stack';
import { eventually } from '../support/variations';
import { request, type Staff, view } from './client';
import { figures } from './figures';
import type { Ending } from './journeys';

const SPO_MAILBOX = 'spo.leeds@probation.example';
/** Where the history of a variation with a failed workflow task is written (not committed). */
export const FAILED_HISTORIES = join(__dirname, 'failed-histories');

/** A decision, a notice or a timeline entry that appears twice. */
export function doubledIn(v: VariationView): string[] {
  const keys = [
    ...v.decisions.map((d) => `decision on ${d.step}`),
    ...v.notices.map((n) => `${n.kind} notice to ${n.recipient}`),
    ...v.timeline.map((e) => `${e.event} by ${e.by} (${e.note ?? ''})`),
  ];
  return keys.filter((key, i) => keys.indexOf(key) !== i);
}

/** Each journey's variation read back: problems for those lost (or failed) and for anything doubled. */
export async function judgeEndings(
  stack: Stack,
  staff: Staff,
  settled: PromiseSettledResult<Ending>[],
): Promise<{ views: VariationView[]; problems: string[] }> {
  const judged = await Promise.all(settled.map((result) => judgeEnding(stack, staff, result)));
  return {
    views: judged.flatMap(({ view }) => (view ? [view] : [])),
    problems: judged.flatMap(({ problems }) => problems),
  };
}

async function judgeEnding(
  stack: Stack,
  staff: Staff,
  result: PromiseSettledResult<Ending>,
): Promise<{ view?: VariationView; problems: string[] }> {
  if (result.status === 'rejected') {
    figures.variations.lost += 1;
    const { message } = result.reason as Error;
    const id = /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/.exec(message)?.[0];
    if (id) await keepHistory(stack, id);
    return { problems: [`A journey failed: ${message}`] };
  }
  const { id, expected } = result.value;
  // The journey's last action is taken; the variation moves to its end on its own.
  const ended = await eventually(
    `${id} to end`,
    () => view(stack, staff.practitioner, id),
    (v) => FINAL_STATUSES.includes(v.status),
    (v) => v.status,
    120_000,
    500,
  ).catch((error: Error) => error);
  if (ended instanceof Error) {
    figures.variations.lost += 1;
    return { problems: [`${id} did not end ${expected}: ${ended.message}`] };
  }
  figures.variations.byFinalStatus[ended.status] = (figures.variations.byFinalStatus[ended.status] ?? 0) + 1;
  const problems: string[] = [];
  if (ended.status !== expected) {
    figures.variations.lost += 1;
    problems.push(`${id} ended ${ended.status}, not ${expected}`);
  }
  const doubled = doubledIn(ended);
  figures.decisionsDoubled += doubled.length;
  if (doubled.length) problems.push(`${id} has twice: ${doubled.join('; ')}`);
  const failures = ended.timeline.filter((e) => /_FAILED$/.test(e.event) && e.event !== 'EMS_VISIT_FAILED');
  if (failures.length) problems.push(`${id} gave up on: ${failures.map((e) => e.note).join('; ')}`);
  return { view: ended, problems };
}

/** Every variation the list holds (the practitioner's PDU), all pages. */
async function listed(stack: Stack, staff: Staff): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const query = `pageSize=200${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
    const { body } = await request(stack, 'GET', `/variations?${query}`, { token: staff.practitioner });
    ids.push(...(body.items as { id: string }[]).map((item) => item.id));
    pageToken = body.nextPageToken ?? undefined;
  } while (pageToken);
  return ids;
}

/** The list holds each submitted variation once and nothing else (a retried submission made no second). */
export async function judgeList(stack: Stack, staff: Staff, submitted: string[]): Promise<string[]> {
  const ids = await eventually(
    'the list to hold every variation submitted',
    () => listed(stack, staff),
    (ids) => submitted.every((id) => ids.includes(id)),
    (ids) => submitted.filter((id) => !ids.includes(id)),
    60_000,
    1_000,
  ).catch(() => listed(stack, staff));
  const missing = submitted.filter((id) => !ids.includes(id));
  const extra = ids.filter((id) => !submitted.includes(id));
  figures.variations.lost += missing.length;
  figures.variations.extra += extra.length + ids.length - new Set(ids).size;
  return [
    ...missing.map((id) => `${id} is not in the list`),
    ...extra.map((id) => `${id} is in the list but no journey made it`),
  ];
}

/**
 * Every variation's record equals its workflow's final view (the workflow's result): none lost, none
 * behind or apart, whatever the record's database went through.
 */
export async function judgeRecord(stack: Stack, ids: string[]): Promise<string[]> {
  const { PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID } = stack.temporal.secrets;
  const db = recordDatabase(stack.databaseUrl);
  const records = new VariationRecords(
    db,
    parseEncryptionKeys(PAYLOAD_ENCRYPTION_KEYS),
    PAYLOAD_ENCRYPTION_KEY_ID,
  );
  const problems: string[] = [];
  try {
    for (const id of ids) {
      const ended = (await stack.temporal.env.client.workflow
        .getHandle(`variation-${id}`)
        .result()) as VariationView;
      const recorded = await records.find(id);
      figures.record.checked += 1;
      if (!recorded) {
        figures.record.lost += 1;
        problems.push(`${id} is not on record`);
      } else if (JSON.stringify(recorded.view) !== JSON.stringify(ended) || recorded.open) {
        figures.record.diverged += 1;
        problems.push(`${id}'s record is ${recorded.view.status}, its workflow ended ${ended.status}`);
      }
    }
  } finally {
    await db.destroy();
  }
  return problems;
}

/** What each variation should have caused to be sent: the SPO's decision request, the notices by email. */
const expectedMail = (views: VariationView[]) =>
  views.flatMap((v) => [
    {
      what: `the decision request for ${v.id}`,
      to: SPO_MAILBOX,
      subject: `decision needed (ref ${v.id.slice(0, 8)})`,
    },
    ...v.notices
      .filter((n) => n.recipient !== 'EMS')
      .map((n) => ({
        what: `the ${n.kind} notice ${n.reference} of ${v.id}`,
        to: undefined,
        subject: n.reference,
      })),
  ]);

const isMail = (expected: { to?: string; subject: string }) => (mail: ParsedMail) =>
  (expected.to === undefined || recipientOf(mail) === expected.to) &&
  !!mail.subject?.includes(expected.subject);

/** Waits for every email the variations should have sent, then counts the repeated ones. */
export async function judgeEmails(stack: Stack, views: VariationView[]): Promise<string[]> {
  const expected = expectedMail(views);
  const missing = () => expected.filter((e) => !stack.mailReceived().some(isMail(e)));
  await eventually(
    'every email',
    async () => missing(),
    (m) => m.length === 0,
    (m) => m.map((e) => e.what),
    120_000,
    1_000,
  ).catch(() => undefined);
  const mail = stack.mailReceived();
  const byMessageId = new Map(mail.map((m) => [m.messageId, m]));
  const keys = [...byMessageId.values()].map((m) => `${recipientOf(m)} ${m.subject}`);
  figures.emails.received = mail.length;
  figures.emails.redeliveredSameMessageId = mail.length - byMessageId.size;
  figures.emails.duplicatedMessages = keys.length - new Set(keys).size;
  return [
    ...missing().map((e) => `No email: ${e.what}`),
    ...keys.filter((key, i) => keys.indexOf(key) !== i).map((key) => `Sent twice as new messages: ${key}`),
  ];
}

/** Counts the workflow task failures in each variation's history, by cause (none is expected). */
export async function countWorkflowTaskFailures(stack: Stack, ids: string[]): Promise<void> {
  const { WorkflowTaskFailedCause } = temporal.api.enums.v1;
  for (const id of ids) {
    const history = await stack.temporal.env.client.workflow.getHandle(`variation-${id}`).fetchHistory();
    let failed = false;
    for (const event of history.events ?? []) {
      const failure = event.workflowTaskFailedEventAttributes;
      if (!failure) continue;
      failed = true;
      const cause = WorkflowTaskFailedCause[failure.cause ?? 0].replace('WORKFLOW_TASK_FAILED_CAUSE_', '');
      figures.workflowTaskFailures[cause] = (figures.workflowTaskFailures[cause] ?? 0) + 1;
    }
    // Kept to replay by hand (test/replay): a failed task is a bug to reproduce, not noise.
    if (failed) await keepHistory(stack, id);
  }
}

/**
 * Writes a variation's history to FAILED_HISTORIES, with its pending workflow task and the run's
 * payload keys beside it (made up for this run alone): a replay cannot read the history without them.
 */
async function keepHistory(stack: Stack, id: string): Promise<void> {
  const handle = stack.temporal.env.client.workflow.getHandle(`variation-${id}`);
  const [history, { raw }] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  mkdirSync(FAILED_HISTORIES, { recursive: true });
  writeFileSync(join(FAILED_HISTORIES, `${id}.json`), historyToJSON(history));
  const { PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID } = stack.temporal.secrets;
  writeFileSync(
    join(FAILED_HISTORIES, `${id}.keys.json`),
    JSON.stringify({ PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID }),
  );
  writeFileSync(
    join(FAILED_HISTORIES, `${id}.pending.json`),
    JSON.stringify(raw.pendingWorkflowTask ?? null),
  );
}
