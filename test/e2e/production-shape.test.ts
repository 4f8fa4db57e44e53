// Issue 9: the service as it runs for real. Several workers and apis share one Temporal server, and
// a process stopped as an orchestrator stops it (SIGTERM) finishes what it started.
import { request as httpRequest } from 'node:http';
import type { VariationView } from '../../libs/domain/src/variation';
import { waitUntil } from '../../scripts/processes';
import { workflowId } from '../../apps/api/src/variations/variations.service';
import { call } from '../support/http';
import { timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';

const viewOf = async (stack: Stack, id: string, baseUrl = stack.baseUrl): Promise<VariationView> =>
  (await call(baseUrl, 'GET', `/variations/${id}`, { token: await stack.token('practitioner') })).body;

async function untilStatus(stack: Stack, id: string, status: string, timeoutMs = 60_000): Promise<void> {
  let last: unknown;
  await waitUntil(
    `variation ${id} to be ${status}`,
    async () => {
      const view = await viewOf(stack, id);
      last = view.timeline ? { status: view.status, events: view.timeline.map((e) => e.event) } : view;
      return view.status === status;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
}

async function submit(stack: Stack, baseUrl = stack.baseUrl): Promise<string> {
  const answer = await call(baseUrl, 'POST', '/variations', {
    token: await stack.token('practitioner'),
    body: timesChange(),
  });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

const decide = async (stack: Stack, id: string, step: 'triage' | 'approval', baseUrl = stack.baseUrl) =>
  call(baseUrl, 'POST', `/variations/${id}/${step}`, {
    token: await stack.token(step === 'triage' ? 'spo' : 'pdu-head'),
    body: { decision: step === 'triage' ? 'ACCEPT' : 'APPROVE' },
  });

/** What Temporal says about the workflow now: its pending activities and workflow task. */
const described = (stack: Stack, id: string) =>
  stack.temporal.env.client.workflow.getHandle(workflowId(id)).describe();

describe('two workers and two apis against one server', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ems: 'auto', workers: 2, apis: 2 });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('spreads variations across them, and every one completes', async () => {
    const count = 12;
    const [first, second] = stack.baseUrls;
    // Each variation goes through both apis: submitted at one, decided at the other.
    const ids = await Promise.all(
      Array.from({ length: count }, (_, i) => submit(stack, i % 2 ? second : first)),
    );
    await Promise.all(
      ids.map(async (id, i) => {
        expect((await decide(stack, id, 'triage', i % 2 ? first : second)).status).toBe(200);
        expect((await decide(stack, id, 'approval', i % 2 ? second : first)).status).toBe(200);
        await untilStatus(stack, id, 'AWAITING_POP_INFORMED');
        const told = await call(i % 2 ? first : second, 'POST', `/variations/${id}/pop-informed`, {
          token: await stack.token('practitioner'),
          body: { informedAt: new Date().toISOString(), method: 'IN_PERSON' },
        });
        expect(told.status).toBe(200);
        await untilStatus(stack, id, 'COMPLETED');
      }),
    );
    // Both workers ran activities (the EMS client logs each notice it delivers) and both apis answered.
    const lines = (name: string, text: string) =>
      stack.output.filter((line) => line.startsWith(`[${name}] `) && line.includes(text)).length;
    expect(lines('worker', 'notice for variation')).toBeGreaterThan(0);
    expect(lines('worker-2', 'notice for variation')).toBeGreaterThan(0);
    expect(lines('worker', 'notice for variation') + lines('worker-2', 'notice for variation')).toBe(count);
    expect(lines('api', '"path":"/variations"')).toBeGreaterThan(0);
    expect(lines('api-2', '"path":"/variations"')).toBeGreaterThan(0);
  }, 240_000);
});

describe('graceful shutdown', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WORKER_SHUTDOWN_GRACE_MS: '30000' } });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('SIGTERM to the worker lets an activity in flight finish within the grace time; nothing is lost', async () => {
    const id = await submit(stack);
    expect((await decide(stack, id, 'triage')).status).toBe(200);
    // The provider hangs: the EMS notice's activity is in flight when the worker is told to stop.
    stack.pause('ems');
    expect((await decide(stack, id, 'approval')).status).toBe(200);
    await waitUntil('the EMS notice to be in flight', async () =>
      ((await described(stack, id)).raw.pendingActivities ?? []).some(
        (activity) => activity.activityType?.name === 'notifyEmsProvider' && activity.state === 2,
      ),
    );
    const since = stack.output.length;
    const stopped = stack.stopProcess('worker', 45_000);
    await waitUntil('the worker to start shutting down', async () =>
      stack.output.slice(since).some((line) => line.includes('STOPPING')),
    );
    stack.resume('ems');
    // It exits by itself (not SIGKILL after the grace time) once the notice is delivered.
    expect(await stopped).not.toBe('SIGKILL');

    const { events } = await stack.temporal.env.client.workflow.getHandle(workflowId(id)).fetchHistory();
    const scheduled = events!.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyEmsProvider',
    )!;
    const started = events!.find(
      (e) =>
        e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled.eventId?.toString(),
    );
    const completed = events!.find(
      (e) =>
        e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() ===
        scheduled.eventId?.toString(),
    );
    // Finished by the worker that was stopping, in its first attempt.
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(1);
    expect(completed).toBeDefined();
    const { body: notices } = await call(stack.emsUrl, 'GET', '/admin/notices');
    expect(
      notices.filter((notice: { body: { variationId: string } }) => notice.body.variationId === id),
    ).toHaveLength(1);

    // A new worker carries the variation on from where it was.
    await stack.restart('worker');
    await waitUntil('all three notices', async () => (await viewOf(stack, id)).notices.length === 3);
    expect((await viewOf(stack, id)).status).toBe('AWAITING_EMS_CONFIRMATION');
  }, 180_000);

  it('SIGTERM to the api finishes the request in flight, refusing new ones', async () => {
    const id = await submit(stack);
    // The SPO's decision is in flight: headers and half the body sent when the api is told to stop.
    const body = JSON.stringify({ decision: 'ACCEPT' });
    const { port } = new URL(stack.baseUrl);
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/variations/${id}/triage`,
      headers: {
        authorization: `Bearer ${await stack.token('spo')}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        // The api answers 100 Continue once it has read the headers: the request is then in flight.
        expect: '100-continue',
      },
    });
    const answered = new Promise<number>((resolve, reject) => {
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      request.on('error', reject);
    });
    const headersRead = new Promise((resolve) => request.once('continue', resolve));
    request.flushHeaders();
    await headersRead;
    request.write(body.slice(0, 5));

    const stopped = stack.stopProcess('api', 45_000);
    // A new connection each time (fetch would reuse a kept-alive one).
    await waitUntil(
      'the api to refuse new connections',
      () =>
        new Promise<boolean>((resolve) =>
          httpRequest({ host: '127.0.0.1', port, path: '/health', agent: false })
            .on('response', (response) => resolve(!response.resume()))
            .on('error', () => resolve(true))
            .end(),
        ),
    );
    request.end(body.slice(5));
    expect(await answered).toBe(200);
    expect(await stopped).not.toBe('SIGKILL');
    await stack.restart('api');
    expect((await viewOf(stack, id)).status).toBe('AWAITING_APPROVAL');
  }, 180_000);
});
