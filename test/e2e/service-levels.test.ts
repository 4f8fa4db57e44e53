// R16 on the real stack: the worker sets up a Schedule; its sweep finds, through visibility, a variation
// whose triage is overdue, and the variation reminds the SPO and then escalates to the PDU Head.
import type { WorkflowHandle } from '@temporalio/client';
import type { VariationView } from '../../libs/domain/src/variation';
import { ServiceLevelDueAt } from '../../workflows/search-attributes';
import { call } from '../support/http';
import { recipientOf } from '../support/mailbox';
import { timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/variations';

let stack: Stack;

beforeAll(async () => {
  // Seconds stand in for working days; the sweep runs every second instead of every 15 minutes.
  stack = await startStack({
    env: { SLA_TRIAGE_DUE: '1s', SLA_TRIAGE_ESCALATE: '2s', SERVICE_LEVEL_SWEEP_MS: '1000' },
  });
}, 120_000);

afterAll(() => stack?.stop());

/** Until two more sweeps have run to their end. */
async function twoMoreSweeps(): Promise<void> {
  const finished = async () => {
    const query = `WorkflowType = "serviceLevelSweep" AND ExecutionStatus = "Completed"`;
    return (await stack.temporal.env.client.workflow.count(query)).count;
  };
  const sweepsSoFar = await finished();
  await eventually('two more sweeps to finish', finished, (n) => n >= sweepsSoFar + 2);
}

const signalsIn = async (handle: WorkflowHandle) =>
  (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length;

const mailTo = (to: string, subject: RegExp) =>
  stack.mailReceived().filter((m) => recipientOf(m) === to && subject.test(m.subject ?? ''));

it('reminds the SPO when triage is due and escalates to the PDU Head when overdue, once each', async () => {
  const practitioner = await stack.token('practitioner', { user: 'alex.smith' });
  const submitted = await call(stack.baseUrl, 'POST', '/variations', {
    token: practitioner,
    body: timesChange(),
  });
  expect(submitted.status).toBe(201);
  const { id } = submitted.body as VariationView;

  const escalated = await eventually(
    'the reminder and the escalation',
    async () =>
      (await call(stack.baseUrl, 'GET', `/variations/${id}`, { token: practitioner })).body as VariationView,
    (view) => view.timeline.some((e) => e.event === 'ESCALATED'),
    (view) => view.timeline.map((e) => e.event),
  );
  expect(escalated.status).toBe('AWAITING_TRIAGE');
  expect(escalated.timeline.filter((e) => ['REMINDER_SENT', 'ESCALATED'].includes(e.event))).toEqual([
    expect.objectContaining({ event: 'REMINDER_SENT', note: 'SPO' }),
    expect.objectContaining({ event: 'ESCALATED', note: 'PDU_HEAD' }),
  ]);
  await eventually(
    'both emails',
    async () => [
      mailTo('spo.leeds@probation.example', /reminder/i),
      mailTo('pdu.head.leeds@probation.example', /overdue/i),
    ],
    ([reminders, escalations]) => reminders.length === 1 && escalations.length === 1,
    ([reminders, escalations]) => ({ reminders: reminders.length, escalations: escalations.length }),
  );

  // Escalated, it is off the sweep's list: two more sweeps run to their end and signal it no more.
  const variation = stack.temporal.env.client.workflow.getHandle(`variation-${id}`);
  const signals = () => signalsIn(variation);
  const signalledSoFar = await signals();
  await twoMoreSweeps();
  expect(await signals()).toBe(signalledSoFar);
  expect(mailTo('spo.leeds@probation.example', /reminder/i)).toHaveLength(1);
  expect(mailTo('pdu.head.leeds@probation.example', /overdue/i)).toHaveLength(1);

  // No timer: a service level costs history only when it runs out.
  const history = await stack.temporal.env.client.workflow.getHandle(`variation-${id}`).fetchHistory();
  expect(history.events!.filter((e) => String(e.eventType).includes('TIMER'))).toEqual([]);
}, 120_000);

it('keeps one Schedule of each job however many times workers start, at the interval configured', async () => {
  await stack.restart('worker');
  // The worker sets its Schedules up once it polls, trying again any Temporal cannot take yet.
  const listed = async () => {
    const ids: string[] = [];
    for await (const schedule of stack.temporal.env.client.schedule.list()) ids.push(schedule.scheduleId);
    return ids.sort();
  };
  const schedules = await eventually(
    'the Schedules',
    listed,
    (ids) => ids.length >= 4,
    (ids) => ids,
  );
  expect(schedules).toEqual([
    `record-catch-up-${stack.taskQueue}`,
    `record-retention-${stack.taskQueue}`,
    `service-level-sweep-${stack.taskQueue}`,
    `stuck-variation-report-${stack.taskQueue}`,
  ]);
  const sweep = stack.temporal.env.client.schedule.getHandle(`service-level-sweep-${stack.taskQueue}`);
  const { spec } = await sweep.describe();
  expect(spec.intervals).toEqual([expect.objectContaining({ every: 1000 })]);
}, 120_000);

it('leaves alone a due variation whose workflow task keeps failing: a signal would only grow its history', async () => {
  // An input the workflow cannot run: its first workflow task fails, and is retried, for good.
  const stuck = await stack.temporal.env.client.workflow.start('variationWorkflow', {
    workflowId: `variation-stuck-${Date.now()}`,
    taskQueue: stack.taskQueue,
    args: [{}],
    typedSearchAttributes: [{ key: ServiceLevelDueAt, value: new Date(Date.now() - 60_000) }],
  });
  await eventually(
    'its workflow task to fail and be tried again',
    async () => (await stuck.describe()).raw.pendingWorkflowTask?.attempt ?? 0,
    (attempt) => attempt > 1,
  );
  const signalledSoFar = await signalsIn(stuck);
  await twoMoreSweeps();
  // A failing task holds back what arrives meanwhile until it times out (10 s): look past a timeout.
  await eventually(
    'a timeout of its workflow task, or a signal in its history',
    async () => ({
      attempt: (await stuck.describe()).raw.pendingWorkflowTask?.attempt ?? 0,
      signals: await signalsIn(stuck),
    }),
    ({ attempt, signals }) => attempt > 2 || signals > signalledSoFar,
    (seen) => seen,
    60_000,
  );
  expect(await signalsIn(stuck)).toBe(signalledSoFar);
  await stuck.terminate('the test is done with it');
}, 120_000);
