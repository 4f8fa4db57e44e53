// Every path of the variation workflow so far, on a real Temporal server with an in-process worker.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { ROLES, type Actor } from '../libs/domain/src/variation';
import { addressChange, completeAddressChecks, timesChange } from '../test/support/requests';
import { startTemporal, type TestTemporal } from '../test/support/temporal-server';
import { createWorker } from '../test/support/workflow-worker';
import type { AddressChecks } from '../libs/domain/src/types';
import { approvalUpdate, checksUpdate, triageUpdate, viewQuery } from './messages';
import { variationWorkflow } from './variation.workflow';

const practitioner: Actor = { username: 'alex.smith', roles: [ROLES.practitioner] };
const spo: Actor = { username: 'sam.spo', roles: [ROLES.spo] };
const pduHead: Actor = { username: 'pat.head', roles: [ROLES.pduHead] };

let temporal: TestTemporal;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `workflow-test-${randomUUID()}`;

beforeAll(async () => {
  temporal = await startTemporal();
  worker = await createWorker(temporal, taskQueue);
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await temporal?.env.teardown();
});

async function start(request = timesChange()): Promise<WorkflowHandle<typeof variationWorkflow>> {
  const id = randomUUID();
  return temporal.env.client.workflow.start(variationWorkflow, {
    workflowId: `variation-${id}`,
    taskQueue,
    args: [{ id, request, submittedBy: practitioner, requestHash: 'hash' }],
  });
}

/** The failure type an Update was refused with. */
async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

describe('variation workflow', () => {
  it('waits for triage, then approval, then completes', async () => {
    const handle = await start();
    expect((await handle.query(viewQuery)).status).toBe('AWAITING_TRIAGE');
    const triaged = await handle.executeUpdate(triageUpdate, { args: [{ decision: 'ACCEPT', by: spo }] });
    expect(triaged.status).toBe('AWAITING_APPROVAL');
    const approved = await handle.executeUpdate(approvalUpdate, {
      args: [{ decision: 'APPROVE', by: pduHead }],
    });
    expect(approved.status).toBe('COMPLETED');
    expect((await handle.result()).status).toBe('COMPLETED');
  });

  it.each([
    ['TRIAGE', 'REJECT'],
    ['APPROVAL', 'REJECT'],
  ])('ends REJECTED when %s says %s, keeping the reason (R13)', async (step) => {
    const handle = await start();
    if (step === 'APPROVAL')
      await handle.executeUpdate(triageUpdate, { args: [{ decision: 'ACCEPT', by: spo }] });
    const update = step === 'TRIAGE' ? triageUpdate : approvalUpdate;
    const by = step === 'TRIAGE' ? spo : pduHead;
    const view = await handle.executeUpdate(update, {
      args: [{ decision: 'REJECT', reason: 'Not suitable', by }],
    });
    expect(view.status).toBe('REJECTED');
    expect(view.decisions.at(-1)).toMatchObject({ step, decision: 'REJECT', reason: 'Not suitable' });
    expect(view.timeline.at(-1)?.event).toBe('REJECTED');
  });

  it('refuses a decision by the wrong role, before it reaches history (R13)', async () => {
    const handle = await start();
    expect(
      await refusal(handle.executeUpdate(triageUpdate, { args: [{ decision: 'ACCEPT', by: pduHead }] })),
    ).toBe('FORBIDDEN');
    const { events } = await handle.fetchHistory();
    expect(events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
    expect((await handle.query(viewQuery)).decisions).toEqual([]);
  });

  it('refuses a second decision on the same step and a decision out of turn', async () => {
    const handle = await start();
    expect(
      await refusal(handle.executeUpdate(approvalUpdate, { args: [{ decision: 'APPROVE', by: pduHead }] })),
    ).toBe('INVALID_STATE');
    await handle.executeUpdate(triageUpdate, { args: [{ decision: 'ACCEPT', by: spo }] });
    expect(
      await refusal(handle.executeUpdate(triageUpdate, { args: [{ decision: 'ACCEPT', by: spo }] })),
    ).toBe('INVALID_STATE');
    expect((await handle.query(viewQuery)).decisions).toHaveLength(1);
  });

  it('refuses a return or rejection without a reason (R13)', async () => {
    const handle = await start();
    expect(
      await refusal(
        handle.executeUpdate(triageUpdate, { args: [{ decision: 'REJECT', reason: ' ', by: spo }] }),
      ),
    ).toBe('REASON_REQUIRED');
  });

  it('holds a new address until all three checks are in, then goes to triage (R9)', async () => {
    const handle = await start(addressChange());
    expect((await handle.query(viewQuery)).status).toBe('AWAITING_CHECKS');
    const { safeguarding, domesticAbuse, householder } = completeAddressChecks() as AddressChecks;

    await handle.executeUpdate(checksUpdate, {
      args: [{ checks: { safeguarding, domesticAbuse }, by: practitioner }],
    });
    expect((await handle.query(viewQuery)).status).toBe('AWAITING_CHECKS');

    await handle.executeUpdate(checksUpdate, { args: [{ checks: { householder }, by: practitioner }] });
    const view = await handle.query(viewQuery);
    expect(view.status).toBe('AWAITING_TRIAGE');
    expect(view.timeline.filter((e) => e.event === 'CHECKS_RECORDED')).toHaveLength(2);
  });

  it('shows concerns from the checks on the timeline for the SPO, rather than passing them silently', async () => {
    const handle = await start(addressChange());
    const checks = completeAddressChecks() as AddressChecks;
    checks.domesticAbuse!.outcome = 'CONCERNS';
    await handle.executeUpdate(checksUpdate, { args: [{ checks, by: practitioner }] });
    const view = await handle.query(viewQuery);
    expect(view.status).toBe('AWAITING_TRIAGE');
    expect(view.timeline.at(-1)).toMatchObject({ event: 'CHECKS_RECORDED', note: 'concerns raised' });
  });

  it('refuses checks for a times-only change', async () => {
    const handle = await start();
    expect(
      await refusal(
        handle.executeUpdate(checksUpdate, {
          args: [{ checks: completeAddressChecks() as AddressChecks, by: practitioner }],
        }),
      ),
    ).toBe('INVALID_STATE');
  });
});
