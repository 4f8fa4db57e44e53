// The EMS client against a real HTTP server on loopback.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { VariationView } from '../../../../libs/domain/src/variation';
import { addressChange } from '../../../../test/support/requests';
import { EmsProvider } from './ems-provider';

let server: Server;
let baseUrl: string;
let answer: { status: number; body: unknown };
const received: { url?: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ url: request.url, headers: request.headers, body: JSON.parse(text) });
      response
        .writeHead(answer.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ems`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const view = (): VariationView => {
  const request = addressChange();
  request.change.periods = [{ day: 'MONDAY', start: '20:00', end: '08:00' }];
  return {
    ...request,
    id: '6f1c0000-0000-4000-8000-000000000001',
    status: 'AWAITING_EMS_CONFIRMATION',
    route: 'ADMINISTRATIVE',
    decisions: [],
    notices: [],
    ems: { reference: 'EMS-1', confirmedAt: null, rejected: null, visit: null, visitsRequested: 2 },
    court: null,
    refusal: null,
    dueBy: null,
    timeline: [],
  };
};
const inActivity = <T>(fn: () => Promise<T>) =>
  new MockActivityEnvironment({
    activityId: '3',
    workflowExecution: { workflowId: 'variation-x', runId: 'r' },
  }).run(fn);
const failureOf = (fn: () => Promise<unknown>): Promise<Error & { nonRetryable?: boolean; type?: string }> =>
  inActivity(fn).then(
    () => new Error('expected a failure'),
    (e: Error) => e,
  );

it('sends what the provider needs, with a bearer token and an Idempotency-Key stable across retries', async () => {
  answer = { status: 201, body: { reference: 'EMS-42' } };
  const ems = new EmsProvider(baseUrl, 'token-of-the-provider');
  expect(await inActivity(() => ems.sendNotice(view(), 'VARIATION'))).toBe('EMS-42');
  expect(await inActivity(() => ems.sendNotice(view(), 'VARIATION'))).toBe('EMS-42');
  const [first, second] = received.slice(-2);
  expect(first.url).toBe('/ems/variation-notices');
  expect(first.headers.authorization).toBe('Bearer token-of-the-provider');
  expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
  expect(first.body).toMatchObject({
    variationId: '6f1c0000-0000-4000-8000-000000000001',
    kind: 'VARIATION',
    variationTypes: ['CHANGE_TO_ADDRESS', 'CHANGE_TO_CURFEW_HOURS'],
    schedule: [{ day: 'MONDAY', start: '20:00', end: '08:00' }],
    installationAddress: { line1: '2 Park Road', postcode: 'LS2 2BB' },
    responsibleOfficer: { name: 'Alex Smith', pduCode: 'N07CEN' },
    sentencingCourt: { code: 'B01LY' },
  });
});

it("a 4xx is a non-retryable failure carrying the provider's message", async () => {
  answer = {
    status: 422,
    body: { error: 'UNPROCESSABLE', messages: ['installationAddress.postcode is outside our area'] },
  };
  const error = await failureOf(() => new EmsProvider(baseUrl, 't').sendNotice(view(), 'VARIATION'));
  expect(error.nonRetryable).toBe(true);
  expect(error.type).toBe('EMS_REFUSED');
  expect(error.message).toContain('outside our area');
});

it('a 409 (the same Idempotency-Key still being processed) is retried like a 5xx, not a refusal', async () => {
  answer = { status: 409, body: { message: 'A request with this Idempotency-Key is still being processed' } };
  const error = await failureOf(() => new EmsProvider(baseUrl, 't').sendNotice(view(), 'VARIATION'));
  expect(error.nonRetryable).toBeUndefined();
  expect(error.message).toContain('409');
});

it('a 5xx is an ordinary failure, which Temporal retries with backoff', async () => {
  answer = { status: 503, body: {} };
  const error = await failureOf(() => new EmsProvider(baseUrl, 't').sendNotice(view(), 'VARIATION'));
  expect(error.nonRetryable).toBeUndefined();
  expect(error.message).toContain('503');
});

it('asks for another visit at the notice it was sent under', async () => {
  answer = { status: 202, body: { reference: 'EMS-1', visit: 2 } };
  await inActivity(() => new EmsProvider(baseUrl, 't').requestVisit(view()));
  expect(received.at(-1)?.url).toBe('/ems/variation-notices/EMS-1/visit-requests');
});

it.each([404, 405, 501])(
  'a visit request the provider does not take (%i) is a refusal for the practitioner, not retried for ever',
  async (status) => {
    answer = { status, body: { message: 'No such endpoint' } };
    const error = await failureOf(() => new EmsProvider(baseUrl, 't').requestVisit(view()));
    expect(error.nonRetryable).toBe(true);
    expect(error.type).toBe('EMS_REFUSED');
  },
);

it('a notice answered 404 (an EMS_API_URL that is wrong) is retried, for an operator to put right', async () => {
  answer = { status: 404, body: {} };
  const error = await failureOf(() => new EmsProvider(baseUrl, 't').sendNotice(view(), 'VARIATION'));
  expect(error.nonRetryable).toBeUndefined();
});
