// The Variation Notice by mail (R14): one notice, so one reference and one PDF for the court's and the
// police's copies; another round or a withdrawal is another notice.
import { resolve } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DecisionLinks } from '../../../../libs/security/src/decision-links';
import { loadReferenceData, type Mailer, type OutgoingMail } from '../../../../libs/notifications/src';
import { approvedView } from '../../../../test/support/views';
import { Outbox } from './outbox';

const sent: OutgoingMail[] = [];
const mailer = { send: async (mail: OutgoingMail) => void sent.push(mail) } as unknown as Mailer;
const referenceData = loadReferenceData(resolve(__dirname, '../../../../config/reference-data.sample.json'));
const outbox = new Outbox(mailer, referenceData, {} as DecisionLinks, 'http://localhost');

/** As a notice activity runs: each copy is an activity of its own, with an id of its own. */
const asActivity = <T>(activityId: string, fn: () => Promise<T>, workflowId = 'variation-1') =>
  new MockActivityEnvironment({ activityId, workflowExecution: { workflowId, runId: 'r' } }).run(fn);

beforeEach(() => sent.splice(0));

it('sends the court and the police copies of one notice, with one reference and one PDF', async () => {
  const view = approvedView();
  const court = await asActivity('2', () => outbox.sendNotice(view, 'COURT', 'VARIATION'));
  const police = await asActivity('3', () => outbox.sendNotice(view, 'POLICE', 'VARIATION'));

  expect(police).toBe(court);
  expect(court).toMatch(/^VN-[0-9A-F]{16}$/);
  expect(sent.map((m) => m.to.email)).toEqual([
    'leeds.mc@courts.example',
    'west.yorkshire.curfews@police.example',
  ]);
  expect(sent.map((m) => m.attachments![0].filename)).toEqual([`${court}.pdf`, `${court}.pdf`]);
  // Rendered once: the second copy carries the very bytes of the first.
  expect(sent[1].attachments![0].content).toBe(sent[0].attachments![0].content);
  // Each copy is its own email, so each keeps its own Message-ID.
  expect(sent[1].messageId).not.toBe(sent[0].messageId);
});

it('gives a retry the same reference, and another notice another one', async () => {
  const view = approvedView();
  const first = await asActivity('2', () => outbox.sendNotice(view, 'COURT', 'VARIATION'));
  const retried = await asActivity('2', () => outbox.sendNotice(view, 'COURT', 'VARIATION'));
  const withdrawal = await asActivity('9', () => outbox.sendNotice(view, 'COURT', 'WITHDRAWAL'));
  const reapproved = { ...view, decisions: [...view.decisions, ...view.decisions] };
  const nextRound = await asActivity('14', () => outbox.sendNotice(reapproved, 'COURT', 'VARIATION'));
  const otherVariation = await asActivity(
    '2',
    () => outbox.sendNotice(view, 'COURT', 'VARIATION'),
    'variation-2',
  );

  expect(retried).toBe(first);
  expect(new Set([first, withdrawal, nextRound, otherVariation]).size).toBe(4);
  expect(sent[2].subject).toBe(`Withdrawal of Variation Notice ${withdrawal}`);
});
