// Issue 19. A person's action reached the variation as an Update; one that came to a worker starting
// cold in the same workflow task as an activity's completion was recorded in one order and replayed in
// another ([TMPRL1100] Update machine does not handle this event), and the variation stuck. Actions are
// now signals: this makes that grouping on demand (the action is sent while no worker runs, so the
// server holds both for the next one) and checks that the variation goes on and replays as it ran.
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { VariationActivities } from '../../workflows/activities';
import { approvalAction, emsEventSignal, triageAction, withdrawalAction } from '../../workflows/messages';
import { variationWorkflow } from '../../workflows/variation.workflow';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { timesChange } from '../support/requests';
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
import { createWorker, workflowBundle } from '../support/workflow-worker';
import { eventTypes, kill, killableWorker, later } from '../support/cold-worker';

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTemporal();
}, 120_000);
afterAll(() => temporal?.env.teardown());

it('takes a withdrawal that a worker starting cold finds with a message to send again, and replays it', async () => {
  const taskQueue = `cold-action-${randomUUID()}`;
  const calls: Calls = { notices: [], messages: [], visits: [], contacts: [] };
  const fakes = fakeActivities(calls);
  const policeReleased = later();
  const activities: VariationActivities = {
    ...fakes,
    notifyPolice: async (view, kind) => {
      await policeReleased.promise;
      return fakes.notifyPolice(view, kind);
    },
  };
  // Activities run in a worker of their own, so the workflows' worker can die while one is in flight.
  const activityWorker = await Worker.create({
    connection: temporal.env.nativeConnection,
    taskQueue,
    activities,
    dataConverter: dataConverter(temporal.secrets),
  });
  const activitiesRunning = activityWorker.run();

  // The relay is away for the message saying the variation is back with the practitioner.
  const first = await killableWorker(temporal, taskQueue, { failingMessage: 'RETURNED' });
  const id = randomUUID();
  const h = await temporal.env.client.workflow.start(variationWorkflow, {
    workflowId: `variation-${id}`,
    taskQueue,
    args: [
      {
        id,
        request: timesChange(),
        submittedBy: practitioner,
        requestHash: 'hash',
        hoursPolicy: 'daily-total',
        serviceLevels: {},
      },
    ],
  });
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  // The EMS provider rejects the notice while the police's is still being sent.
  const { ems } = await eventually(h, (v) => !!v.ems?.reference);
  await h.signal(emsEventSignal, {
    type: 'variation.rejected',
    reference: ems!.reference!,
    reason: 'Outside our area',
    occurredAt: new Date().toISOString(),
  });
  await eventually(h, (v) => !!v.ems?.rejected);

  // The police notice is sent: the variation is back with the practitioner, and the message telling
  // them so waits on a timer to be sent again. The worker dies, and the timer fires while none runs.
  policeReleased.settle();
  await waitFor('the message to wait', async () =>
    (await eventTypes(h)).includes('EVENT_TYPE_TIMER_STARTED'),
  );
  await kill(first);
  await waitFor('the timer to fire', async () => (await eventTypes(h)).includes('EVENT_TYPE_TIMER_FIRED'));
  // The practitioner withdraws it meanwhile: the server holds the action for the next worker.
  const requestId = randomUUID();
  const withdrawal = { reason: 'PoP moved away', by: practitioner };
  await h.signal(withdrawalAction, { requestId, requestHash: 'hash', args: withdrawal });

  // A worker starting cold takes both in one task: the action is taken, and the variation goes on.
  const second = await createWorker(temporal, taskQueue, activities, { enableNonLocalActivities: false });
  const view = await second.runUntil(async () => {
    const answered = await act(h, withdrawalAction, withdrawal, requestId);
    await eventually(h, (v) => v.status === 'WITHDRAWN');
    return answered;
  });
  activityWorker.shutdown();
  await activitiesRunning;

  expect(view.timeline.filter((e) => e.event === 'WITHDRAWN')).toHaveLength(1);
  const types = await eventTypes(h);
  const fired = types.indexOf('EVENT_TYPE_TIMER_FIRED');
  const withdrawn = types.indexOf('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', fired);
  expect(fired).toBeGreaterThan(0);
  expect(withdrawn).toBeGreaterThan(fired);
  expect(types.slice(fired, withdrawn)).not.toContain('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(), dataConverter: dataConverter(temporal.secrets) },
    await h.fetchHistory(),
  );
}, 120_000);
