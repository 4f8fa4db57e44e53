// A worker killed -9 dies holding its sticky queue; the server times the variation's next task out
// there and gives it to another worker, starting cold. By then that task may carry what happened
// meanwhile: an activity's completion or a timer's firing, with an EMS event or a person's action.
// The variation must go on, and its history must replay the way it ran. Both once came as Updates,
// and the fault suite lost variations here: an Update taken by a cold worker with an activity's
// completion was replayed before it ([TMPRL1100] Update machine does not handle this event). Signals,
// which replaced them, are events in history: these tests make each grouping on demand.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { VariationActivities } from '../../workflows/activities';
import {
  approvalAction,
  emsEventSignal,
  rebookVisitAction,
  triageAction,
  withdrawalAction,
} from '../../workflows/messages';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import type { ServiceLevels } from '../../libs/domain/src/service-levels';
import type { AddressChecks, VariationRequest } from '../../libs/domain/src/types';
import { addressChange, completeAddressChecks, timesChange } from '../support/requests';
import { startTemporal, type TestTemporal } from '../support/temporal-server';
import {
  act,
  type Calls,
  eventually,
  fakeActivities,
  idOf,
  pduHead,
  practitioner,
  spo,
  startVariation,
  waitFor,
} from '../support/workflow-harness';
import { completedActivities, eventTypes, kill, killableWorker, later } from '../support/cold-worker';
import { createWorker, workflowBundle } from '../support/workflow-worker';

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTemporal();
}, 120_000);
afterAll(() => temporal?.env.teardown());

it('replays a visit report taken, by a worker starting cold, with the completion of the visit request', async () => {
  const requestStarted = later();
  const requestReleased = later();
  const { h, first, cold } = await variationOnColdWorkers(
    { ...addressChange(), addressChecks: completeAddressChecks() as AddressChecks },
    // A service level on the visit: waiting for it again writes its due date once the request is sent.
    { AWAITING_EMS_VISIT: { due: { workingDays: 3 }, escalate: { workingDays: 5 } } },
    (fakes) => ({
      requestEmsVisit: async (view) => {
        requestStarted.settle();
        await requestReleased.promise;
        return fakes.requestEmsVisit(view);
      },
    }),
  );
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  await h.signal(emsEventSignal, {
    type: 'variation.confirmed',
    reference: `EMS-${idOf(h).slice(0, 8)}`,
    occurredAt: at(),
  });
  await h.signal(emsEventSignal, { type: 'visit.completed', outcome: 'NO_ACCESS', occurredAt: at() });
  await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
  await act(h, rebookVisitAction, { by: practitioner });

  // The new visit request is in flight; the workflows' worker is killed.
  await requestStarted.promise;
  await kill(first);
  // The request completes, and the provider reports the visit, while no worker is there to see either.
  requestReleased.settle();
  await waitFor('the visit request to complete', async () =>
    (await completedActivities(h)).includes('requestEmsVisit'),
  );
  const sent = (await eventTypes(h)).length;
  await h.signal(emsEventSignal, { type: 'visit.completed', outcome: 'INSTALLED', occurredAt: at() });

  // A worker starting cold takes both in one task, and the variation goes on.
  await cold(() => eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED'));
  await expectOneTask(h, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', sent);
}, 120_000);

it('takes a withdrawal that a worker starting cold finds with a message to send again, and replays it', async () => {
  // The relay is away for the message saying the variation is back with the practitioner.
  const { h, first, cold, releasePolice } = await rejectedByEmsWhilePoliceNoticeGoes('RETURNED');

  // The police notice is sent: the variation is back with the practitioner, and the message telling
  // them so waits on a timer to be sent again. The worker dies, and the timer fires while none runs.
  releasePolice();
  await waitFor('the message to wait', async () =>
    (await eventTypes(h)).includes('EVENT_TYPE_TIMER_STARTED'),
  );
  await kill(first);
  await waitFor('the timer to fire', async () => (await eventTypes(h)).includes('EVENT_TYPE_TIMER_FIRED'));
  // The practitioner withdraws it meanwhile: the server holds the action for the next worker.
  const { requestId, withdrawal, sent } = await withdrawWhileNoWorkerRuns(h);

  // A worker starting cold takes both in one task: the action is taken, and the variation goes on.
  const view = await cold(async () => {
    const answered = await act(h, withdrawalAction, withdrawal, requestId);
    await eventually(h, (v) => v.status === 'WITHDRAWN');
    return answered;
  });
  expect(view.timeline.filter((e) => e.event === 'WITHDRAWN')).toHaveLength(1);
  await expectOneTask(h, 'EVENT_TYPE_TIMER_FIRED', sent);
}, 120_000);

it('takes an action that a worker starting cold finds with the notice it came after', async () => {
  const { h, first, cold, releasePolice } = await rejectedByEmsWhilePoliceNoticeGoes();

  // The worker dies; the police notice is sent, which takes the variation back to the practitioner,
  // and their withdrawal comes after it, while no worker runs. The SDK hands the workflow the signal
  // before the completion that came first, so the withdrawal is refused for the state it found; it is
  // sent once more (as the api does) and taken.
  await kill(first);
  releasePolice();
  await waitFor('the police notice to be sent', async () =>
    (await completedActivities(h)).includes('notifyPolice'),
  );
  const { requestId, withdrawal, sent } = await withdrawWhileNoWorkerRuns(h);

  const view = await cold(() => act(h, withdrawalAction, withdrawal, requestId));
  expect(view.status).toBe('WITHDRAWN');
  await expectOneTask(h, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', sent);
}, 120_000);

/**
 * A monitored variation, approved; the EMS provider rejects its notice while the police's is held
 * until `releasePolice`, so that sending it takes the variation back to the practitioner.
 */
async function rejectedByEmsWhilePoliceNoticeGoes(failingMessage?: string) {
  const policeReleased = later();
  const started = await variationOnColdWorkers(
    timesChange(),
    {},
    (fakes) => ({
      notifyPolice: async (view, kind) => {
        await policeReleased.promise;
        return fakes.notifyPolice(view, kind);
      },
    }),
    failingMessage,
  );
  const { h } = started;
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  const { ems } = await eventually(h, (v) => !!v.ems?.reference);
  await h.signal(emsEventSignal, {
    type: 'variation.rejected',
    reference: ems!.reference!,
    reason: 'Outside our area',
    occurredAt: at(),
  });
  await eventually(h, (v) => !!v.ems?.rejected);
  return { ...started, releasePolice: policeReleased.settle };
}

/** The practitioner withdraws while no worker runs; `sent`: the events in history before it. */
async function withdrawWhileNoWorkerRuns(h: WorkflowHandle) {
  const requestId = randomUUID();
  const withdrawal = { reason: 'PoP moved away', by: practitioner };
  const sent = (await eventTypes(h)).length;
  await h.signal(withdrawalAction, { requestId, requestHash: 'hash', args: withdrawal });
  return { requestId, withdrawal, sent };
}

/**
 * A variation started with its workflows on a worker in a child process (`first`, to kill), its
 * activities on a worker of their own (changed by `changes`); `cold` runs a new workflows' worker
 * until `until` resolves, then replays the history.
 */
async function variationOnColdWorkers(
  request: VariationRequest,
  serviceLevels: ServiceLevels,
  changes: (fakes: VariationActivities) => Partial<VariationActivities>,
  failingMessage?: string,
) {
  const taskQueue = `cold-start-${randomUUID()}`;
  const calls: Calls = { notices: [], messages: [], visits: [], contacts: [], records: new Map() };
  const fakes = fakeActivities(calls);
  const activities: VariationActivities = { ...fakes, ...changes(fakes) };
  const activityWorker = await Worker.create({
    connection: temporal.env.nativeConnection,
    taskQueue,
    activities,
    dataConverter: dataConverter(temporal.secrets),
  });
  const activitiesRunning = activityWorker.run();
  const first = await killableWorker(temporal, taskQueue, { failingMessage });
  const h = await startVariation(temporal, taskQueue, request, serviceLevels);
  const cold = async <T>(until: () => Promise<T>): Promise<T> => {
    const second = await createWorker(temporal, taskQueue, activities, { enableNonLocalActivities: false });
    const answer = await second.runUntil(until);
    activityWorker.shutdown();
    await activitiesRunning;
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(), dataConverter: dataConverter(temporal.secrets) },
      await h.fetchHistory(),
    );
    return answer;
  };
  return { h, first, cold };
}

/**
 * The signal sent when history had `sent` events, and the last `event` before it, came before the one
 * workflow task that took them both.
 */
async function expectOneTask(h: WorkflowHandle, event: string, sent: number): Promise<void> {
  const types = await eventTypes(h);
  const signalled = types.indexOf('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', sent);
  const happened = types.lastIndexOf(event, signalled);
  expect(happened).toBeGreaterThan(0);
  expect(signalled).toBeGreaterThan(happened);
  expect(types.slice(happened, signalled)).not.toContain('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
}

const at = () => new Date().toISOString();
