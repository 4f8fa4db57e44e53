// The nDelius client against a real HTTP server on loopback.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NDeliusHttpClient } from './ndelius';

let server: Server;
let baseUrl: string;
let answer: { status: number; body: unknown };
const received: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) });
      response
        .writeHead(answer.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const contact = {
  crn: 'X123456',
  variationId: 'v-1',
  informedAt: '2026-12-01T10:00:00Z',
  method: 'IN_PERSON',
  by: 'alex',
};
// The activity's identity gives the idempotency key, as in a real run.
const inActivity = <T>(fn: () => Promise<T>, activityId = '7', workflowId = 'variation-1') =>
  new MockActivityEnvironment({ activityId, workflowExecution: { workflowId, runId: 'r' } }).run(fn);

const failureOf = (fn: () => Promise<unknown>): Promise<Error & { nonRetryable?: boolean }> =>
  inActivity(fn).then(
    () => new Error('expected a failure'),
    (e: Error) => e,
  );

it('posts the contact with a bearer token and an idempotency key that is the same on every retry', async () => {
  answer = { status: 201, body: { id: 'C-42' } };
  const client = new NDeliusHttpClient(baseUrl, 'secret-token');
  expect(await inActivity(() => client.recordContact(contact))).toBe('C-42');
  expect(await inActivity(() => client.recordContact(contact))).toBe('C-42');
  const [first, second] = received.slice(-2);
  expect(first.headers.authorization).toBe('Bearer secret-token');
  expect(first.headers['idempotency-key']).toMatch(/^CONTACT-/);
  expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
  expect(first.body).toMatchObject({ crn: 'X123456', type: 'CURFEW_VARIATION_POP_INFORMED' });
});

it('keeps its idempotency key when a retry comes with a new activity id (a local activity after a backoff)', async () => {
  answer = { status: 201, body: { id: 'C-42' } };
  const client = new NDeliusHttpClient(baseUrl, 'secret-token');
  await inActivity(() => client.recordContact(contact), '12');
  await inActivity(() => client.recordContact(contact), '14');
  await inActivity(() => client.recordContact(contact), '12', 'variation-2');
  const [first, retry, another] = received.slice(-3).map((r) => r.headers['idempotency-key']);
  expect(retry).toBe(first);
  expect(another).not.toBe(first);
});

it.each([401, 403, 408, 429])('a %i (our token, its limits) is retried, not given up', async (status) => {
  answer = { status, body: {} };
  const error = await failureOf(() => new NDeliusHttpClient(baseUrl, 't').recordContact(contact));
  expect(error).not.toBeInstanceOf(ApplicationFailure);
  expect(error.message).toContain(String(status));
});

it('a 4xx is a non-retryable failure for a person to look at', async () => {
  answer = { status: 422, body: { error: 'unknown CRN' } };
  const error = await failureOf(() => new NDeliusHttpClient(baseUrl, 't').recordContact(contact));
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect(error.nonRetryable).toBe(true);
});

it('a 5xx is an ordinary failure, which Temporal retries', async () => {
  answer = { status: 503, body: {} };
  const error = await failureOf(() => new NDeliusHttpClient(baseUrl, 't').recordContact(contact));
  expect(error).not.toBeInstanceOf(ApplicationFailure);
  expect(error.message).toContain('503');
});
