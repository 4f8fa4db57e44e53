// Issue 19: a stuck variation is found and mended. A worker running an unguarded change to the
// workflow cannot replay what the previous worker recorded; the report tells operators once, and
// the reset command (docs/operations.md, "A stuck variation") lets it go on with nothing sent twice.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { Mailer } from '../../libs/notifications/src';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { StuckVariations } from '../../apps/worker/src/stuck-variations/stuck-variations';
import { resetVariation } from '../../scripts/reset-variation';
import { actionOutcomeQuery, approvalAction, triageAction } from '../../workflows/messages';
import { stuckVariationReport } from '../../workflows/stuck-variation-report.workflow';
import { startMailbox, type TestMailbox } from '../support/mailbox';
import { timesChange } from '../support/requests';
import { startTemporal, type TestTemporal } from '../support/temporal-server';
import {
  act,
  type Calls,
  eventually,
  fakeActivities,
  idOf,
  pduHead,
  spo,
  startVariation,
  waitFor,
} from '../support/workflow-harness';
import { createWorker } from '../support/workflow-worker';

let temporal: TestTemporal;
let mailbox: TestMailbox;
beforeAll(async () => {
  [temporal, mailbox] = await Promise.all([startTemporal(), startMailbox()]);
}, 120_000);
afterAll(async () => {
  await mailbox?.stop();
  await temporal?.env.teardown();
});

/** The report's interval in the test: a second, so a failure falls in a past interval soon. */
const EVERY_MS = 1_000;

it('reports a variation stuck by an unguarded change once, and the reset lets it go on', async () => {
  const taskQueue = `stuck-${randomUUID()}`;
  const calls: Calls = { notices: [], messages: [], visits: [], contacts: [], records: new Map() };
  const mailer = new Mailer(mailbox.url, 'Curfew variations <noreply@probation.example>');
  const activities = {
    ...fakeActivities(calls),
    ...new StuckVariations(mailer, 'operations@probation.example').activities(),
  };

  // Worker A runs today's code: the SPO accepts, and the PDU Head is asked.
  const a = await createWorker(temporal, taskQueue, activities);
  const h = await startVariation(temporal, taskQueue, {
    ...timesChange(),
    curfew: { ...timesChange().curfew, electronicallyMonitored: false },
  });
  const id = idOf(h);
  await a.runUntil(act(h, triageAction, { decision: 'ACCEPT', by: spo }));

  // Worker B runs a change that waits a moment after triage, unguarded by patched(): it cannot
  // replay A's triage task, so the PDU Head's approval, sent meanwhile, stays unapplied.
  const diverged = await divergedBundle();
  const workerB = () =>
    Worker.create({
      connection: temporal.env.nativeConnection,
      taskQueue,
      workflowBundle: diverged,
      activities,
      dataConverter: dataConverter(temporal.secrets),
    });
  const approvalId = randomUUID();
  const approval = { decision: 'APPROVE' as const, by: pduHead };
  await (
    await workerB()
  ).runUntil(async () => {
    await h.signal(approvalAction, { requestId: approvalId, requestHash: 'hash', args: approval });
    await waitFor('its workflow task to fail again', async () => {
      const { raw } = await h.describe();
      return (raw.pendingWorkflowTask?.attempt ?? 0) > 1;
    });

    // The report names it once: in the run whose interval holds the first failure, not the next.
    const failedAt = await firstFailure();
    const report = async () => {
      const run = await temporal.env.client.workflow.start(stuckVariationReport, {
        workflowId: `stuck-report-${randomUUID()}`,
        taskQueue,
        args: [EVERY_MS],
      });
      return run.result();
    };
    await waitFor('an interval to hold the failure', () => Date.now() >= intervalEnd(failedAt));
    expect(await report()).toEqual({ stuck: 1, reported: 1 });
    await waitFor('the next interval', () => Date.now() >= intervalEnd(failedAt) + EVERY_MS);
    expect(await report()).toEqual({ stuck: 1, reported: 0 });
  });
  const alerts = mailbox.received.filter((m) => m.subject === `Curfew variation ${id.slice(0, 8)} is stuck`);
  expect(alerts).toHaveLength(1);
  expect(alerts[0].text).toContain(`npm run variation:reset -- ${id}`);
  expect(alerts[0].text).not.toContain(timesChange().person.lastName);

  // Mended on B, today's code now: the triage task runs again, and the approval applies once.
  const { resetTo } = await resetVariation(temporal.env.connection, 'default', id);
  expect(resetTo).toBeGreaterThan(0);
  const [view, { outcome }] = await (
    await workerB()
  ).runUntil(async () => {
    const reached = await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED', 30_000);
    // Read once it has got there: asked at once, it raced the approval and could find nothing yet.
    return [reached, await h.query(actionOutcomeQuery, approvalId)] as const;
  });
  expect(view.decisions.map((d) => `${d.step} ${d.decision}`)).toEqual(['TRIAGE ACCEPT', 'APPROVAL APPROVE']);
  expect(outcome).toMatchObject({ taken: true });
  // Nothing sent twice as a new message: a message sent again has the same key (its sequence).
  const sent = calls.messages.map((m) => `${m.to} ${m.about}`);
  const keys = new Set(calls.messages.map((m) => `${m.to} ${m.about} ${m.sequence}`));
  expect(keys.size).toBe(new Set(sent).size);
  expect(calls.notices.map((n) => n.recipient).sort()).toEqual(['COURT', 'POLICE']);
  // The new run's one failed task is the reset itself.
  const { events } = await h.fetchHistory();
  const failures = events!.filter((e) => e.workflowTaskFailedEventAttributes);
  expect(failures.map((e) => e.workflowTaskFailedEventAttributes!.cause)).toEqual([
    proto.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
  ]);

  /** When its failing task first failed, from history. */
  async function firstFailure(): Promise<number> {
    const { events } = await h.fetchHistory();
    const failed = events!.findLast((e) => e.workflowTaskFailedEventAttributes);
    return Number(failed!.eventTime!.seconds) * 1000 + Math.floor((failed!.eventTime!.nanos ?? 0) / 1e6);
  }
}, 120_000);

const intervalEnd = (at: number) => (Math.floor(at / EVERY_MS) + 1) * EVERY_MS;

/** The workflow bundle with the unguarded change: today's workflows, with a pause after triage. */
async function divergedBundle() {
  const root = mkdtempSync(join(tmpdir(), 'diverged-'));
  const repo = join(__dirname, '..', '..');
  cpSync(join(repo, 'workflows'), join(root, 'workflows'), { recursive: true });
  symlinkSync(join(repo, 'libs'), join(root, 'libs'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  const file = join(root, 'workflows', 'variation.workflow.ts');
  const source = readFileSync(file, 'utf8');
  const changed = source
    .replace(
      'import type { VariationView }',
      "import { sleep } from '@temporalio/workflow';\nimport type { VariationView }",
    )
    .replace(
      "const triage = await decisionOf(variation, 'TRIAGE');",
      "const triage = await decisionOf(variation, 'TRIAGE');\n      await sleep(10);",
    );
  expect(changed).not.toBe(source);
  writeFileSync(file, changed);
  return bundleWorkflowCode({
    workflowsPath: join(root, 'workflows'),
    failureConverterPath: require.resolve('../../libs/temporal/src/failure-converter'),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: console.error,
    },
  });
}
