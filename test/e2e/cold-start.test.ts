// A worker killed -9 dies holding its sticky queue; the server times the variation's next task out
// there and gives it to another worker, starting cold. By then that task may carry an activity's
// completion and an EMS event that came meanwhile: the variation must go on, and its history must
// replay the way it ran. (The fault suite lost variations on this path while EMS events were
// Updates: one replayed the Update before the activity's completion. This test does not make that
// happen on demand; it pins the path down for the signals that replaced them.)
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { VariationActivities } from '../../workflows/activities';
import { approvalAction, emsEventSignal, rebookVisitAction, triageAction } from '../../workflows/messages';
import { variationWorkflow } from '../../workflows/variation.workflow';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import type { AddressChecks } from '../../libs/domain/src/types';
import { addressChange, completeAddressChecks } from '../support/requests';
import { startTemporal, type TestTemporal } from '../support/temporal-server';
import {
  act,
  type Calls,
  eventually,
  fakeActivities,
  pduHead,
  practitioner,
  spo,
  waitFor,
} from '../support/workflow-harness';
import { completedActivities, kill, killableWorker, later } from '../support/cold-worker';
import { createWorker, workflowBundle } from '../support/workflow-worker';

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTemporal();
}, 120_000);
afterAll(() => temporal?.env.teardown());

it('replays a visit report taken, by a worker starting cold, with the completion of the visit request', async () => {
  const taskQueue = `cold-start-${randomUUID()}`;
  const calls: Calls = { notices: [], messages: [], visits: [], contacts: [] };
  const fakes = fakeActivities(calls);
  const requestStarted = later();
  const requestReleased = later();
  const activities: VariationActivities = {
    ...fakes,
    requestEmsVisit: async (view) => {
      requestStarted.settle();
      await requestReleased.promise;
      return fakes.requestEmsVisit(view);
    },
  };
  // Activities run in a worker of their own, so the workflows' worker can be stopped and started apart.
  const activityWorker = await Worker.create({
    connection: temporal.env.nativeConnection,
    taskQueue,
    activities,
    dataConverter: dataConverter(temporal.secrets),
  });
  const activitiesRunning = activityWorker.run();

  const first = await killableWorker(temporal, taskQueue);
  const id = randomUUID();
  const h = await temporal.env.client.workflow.start(variationWorkflow, {
    workflowId: `variation-${id}`,
    taskQueue,
    args: [
      {
        id,
        request: { ...addressChange(), addressChecks: completeAddressChecks() as AddressChecks },
        submittedBy: practitioner,
        requestHash: 'hash',
        hoursPolicy: 'daily-total',
        // A service level on the visit: waiting for it again writes its due date once the request is sent.
        serviceLevels: { AWAITING_EMS_VISIT: { due: { workingDays: 3 }, escalate: { workingDays: 5 } } },
      },
    ],
  });
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  await h.signal(emsEventSignal, {
    type: 'variation.confirmed',
    reference: `EMS-${id.slice(0, 8)}`,
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
  await h.signal(emsEventSignal, { type: 'visit.completed', outcome: 'INSTALLED', occurredAt: at() });

  // A worker starting cold takes both in one task, and the variation goes on.
  const second = await createWorker(temporal, taskQueue, activities, { enableNonLocalActivities: false });
  await second.runUntil(eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED'));
  activityWorker.shutdown();
  await activitiesRunning;

  const history = await h.fetchHistory();
  const events = history.events!;
  const completed = events.findLastIndex((e) => e.activityTaskCompletedEventAttributes);
  const reported = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes);
  // Both came before the one workflow task that took them.
  expect(completed).toBeGreaterThan(0);
  expect(completed).toBeLessThan(reported);
  expect(events.slice(completed, reported).filter((e) => e.workflowTaskCompletedEventAttributes)).toEqual([]);
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(), dataConverter: dataConverter(temporal.secrets) },
    history,
  );
}, 120_000);

const at = () => new Date().toISOString();
