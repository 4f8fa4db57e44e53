// The nDelius client against the stand-in (the happy paths) and a scripted server on loopback (its
// failures): real HTTP either way.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningStandIn, startStandIn } from '../../../apps/ndelius-stand-in/src/stand-in.module';
import { NDeliusClient, NDeliusRefused, NDeliusUnavailable } from './ndelius-client';
import { fixedToken } from './ndelius-token';

let standIn: RunningStandIn;
let scripted: Server;
let scriptedUrl: string;
/** What the scripted server answers next, one per request (the last one repeats). */
let answers: { status: number; body?: unknown; delayMs?: number }[];
const received: { url?: string; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  standIn = await startStandIn(
    { NDELIUS_STAND_IN_PORT: 0, NDELIUS_API_TOKEN: 'stand-in-token' },
    { logger: false },
  );
  scripted = createServer((request, response) => {
    received.push({ url: request.url, headers: request.headers });
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    setTimeout(
      () =>
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body ?? {})),
      answer.delayMs ?? 0,
    ).unref();
  });
  await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
  scriptedUrl = `http://127.0.0.1:${(scripted.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await standIn.close();
  scripted.closeAllConnections();
  await new Promise((resolve) => scripted.close(resolve));
});
beforeEach(() => (received.length = 0));

const client = () => new NDeliusClient(standIn.baseUrl, fixedToken('stand-in-token'));
const scriptedClient = () =>
  new NDeliusClient(scriptedUrl, fixedToken('t'), { timeoutMs: 200, retries: 2, retryDelayMs: 10 });
const contact = {
  crn: 'X123456',
  variationId: 'v-1',
  informedAt: '2026-12-01T10:00:00Z',
  method: 'IN_PERSON',
  by: 'alex',
};

it("reads a person's case: their orders and each one's curfew requirement", async () => {
  const found = await client().caseOf('X789012');
  expect(found?.name).toEqual({ forename: 'Lee', surname: 'Patel' });
  expect(found?.orders.map((order) => order.eventNumber)).toEqual([1, 2]);
  expect(found?.orders[0].curfew?.periods).toEqual([{ day: 'TUESDAY', start: '20:00', end: '06:00' }]);
});

it('answers undefined for a CRN nDelius does not know, for the case and for its access', async () => {
  expect(await client().caseOf('X000000')).toBeUndefined();
  expect(await client().accessOf('local.practitioner', 'X000000')).toBeUndefined();
});

it("reads nDelius's exclusions for a user", async () => {
  const access = await client().accessOf('alex.smith', 'X901234');
  expect(access).toMatchObject({ userExcluded: true, exclusionMessage: expect.stringContaining('excluded') });
  expect(await client().accessOf('someone.else', 'X901234')).toMatchObject({ userExcluded: false });
});

it('records a contact once per idempotency key', async () => {
  const first = await client().recordContact(contact, 'CONTACT-abc');
  expect(first).toMatch(/^CONTACT-/);
  expect(await client().recordContact(contact, 'CONTACT-abc')).toBe(first);
  expect(await client().recordContact(contact, 'CONTACT-def')).not.toBe(first);
});

it('sends its bearer token, and a wrong one is refused by the stand-in', async () => {
  answers = [{ status: 200, body: { id: 'C-1' } }];
  await scriptedClient().recordContact(contact, 'K-1');
  expect(received[0].headers).toMatchObject({ authorization: 'Bearer t', 'idempotency-key': 'K-1' });
  const wrong = new NDeliusClient(standIn.baseUrl, fixedToken('wrong'), { retries: 0 });
  await expect(wrong.caseOf('X123456')).rejects.toThrow(NDeliusUnavailable);
});

it('tries a 5xx again, and takes the answer that follows', async () => {
  answers = [{ status: 502 }, { status: 503 }, { status: 200, body: { id: 'C-2' } }];
  expect(await scriptedClient().recordContact(contact, 'K-2')).toBe('C-2');
  expect(received).toHaveLength(3);
});

it('gives up as unavailable after its tries, for a 5xx or no answer in time', async () => {
  answers = [{ status: 500 }];
  await expect(scriptedClient().caseOf('X123456')).rejects.toThrow(NDeliusUnavailable);
  expect(received).toHaveLength(3);
  answers = [{ status: 200, delayMs: 1_000 }];
  await expect(scriptedClient().caseOf('X123456')).rejects.toThrow(/no answer in 200 ms/);
});

it.each([401, 403, 408, 429])(
  'a %i (our token, its limits) is unavailable, not a refusal',
  async (status) => {
    answers = [{ status }];
    await expect(scriptedClient().recordContact(contact, 'K-3')).rejects.toThrow(NDeliusUnavailable);
  },
);

it('another 4xx is a refusal of the request itself', async () => {
  answers = [{ status: 422, body: { error: 'unknown CRN' } }];
  await expect(scriptedClient().recordContact(contact, 'K-4')).rejects.toThrow(NDeliusRefused);
  expect(received).toHaveLength(1);
});

it('is unavailable when nDelius cannot be reached at all', async () => {
  const nowhere = new NDeliusClient('http://127.0.0.1:1', fixedToken('t'), { retries: 1, retryDelayMs: 10 });
  await expect(nowhere.caseOf('X123456')).rejects.toThrow(NDeliusUnavailable);
});
