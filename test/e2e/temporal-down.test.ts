// With Temporal away, callers get 503 and Retry-After (try again), never a 500, and /health says so;
// lists still answer from the record.
import { waitUntil } from '../../scripts/processes';
import { call } from '../support/http';
import { timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

it('answers 503 with Retry-After while Temporal is down', async () => {
  const token = await stack.token('practitioner');
  const { body } = await call(stack.baseUrl, 'POST', '/variations', { token, body: timesChange() });
  const listed = async () => (await call(stack.baseUrl, 'GET', '/variations', { token })).body.items ?? [];
  await waitUntil('the record to have it', async () =>
    (await listed()).some((item: { id: string }) => item.id === body.id),
  );
  await stack.temporal.env.teardown();

  const read = await call(stack.baseUrl, 'GET', `/variations/${body.id}`, { token });
  expect(read.status).toBe(503);
  expect(read.headers.get('retry-after')).toBe('5');
  expect(read.body.error).toBe('SERVICE_UNAVAILABLE');
  expect((await call(stack.baseUrl, 'POST', '/variations', { token, body: timesChange() })).status).toBe(503);
  const spo = await stack.token('spo');
  expect(
    (
      await call(stack.baseUrl, 'POST', `/variations/${body.id}/triage`, {
        token: spo,
        body: { decision: 'ACCEPT' },
      })
    ).status,
  ).toBe(503);
  // Lists come from the record, which does not need Temporal.
  expect((await listed()).map((item: { id: string }) => item.id)).toContain(body.id);
  const health = await call(stack.baseUrl, 'GET', '/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({ status: 'DOWN', components: { temporal: { status: 'DOWN' } } });
  // Liveness touches nothing: the api is alive, only not ready.
  expect((await call(stack.baseUrl, 'GET', '/ping')).body).toEqual({ status: 'UP' });
}, 120_000);
