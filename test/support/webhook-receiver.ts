// Test support for the simulator's own tests: a webhook receiver that checks every signature, the
// simulator booted in-process, HTTP calls and condition polling. Not used by the app itself.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { RawSimulatorSettings } from '../../apps/ems-simulator/src/simulator-settings';
import { type RunningSimulator, startSimulator } from '../../apps/ems-simulator/src/simulator.module';
import type { DeliveryRecord, EmsEvent } from '../../apps/ems-simulator/src/webhook-delivery.service';

export const secret = `whsec_${Buffer.from('ems-simulator-test-secret-0123456789').toString('base64')}`;
export const token = 'simulator-test-token';

export interface ReceivedWebhook {
  webhookId: string;
  timestamp: string;
  event: EmsEvent;
}

export interface Receiver {
  url: string;
  /** Verified webhooks answered 2xx, in the order received. */
  received: ReceivedWebhook[];
  /** Every request, whatever its answer. */
  requests: number;
  /** Requests whose signature did not verify. */
  forged: number;
  /** Answer 500 to the next n deliveries. */
  failNext: number;
  close(): Promise<void>;
}

/** A tiny webhook endpoint: verifies each delivery with the secret, records it, answers 204. */
export async function startReceiver(options: { failFirst?: number } = {}): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.requests += 1;
      if (receiver.failNext > 0) {
        receiver.failNext -= 1;
        response.writeHead(500).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = verifier.verify(body, plain(request.headers)) as EmsEvent;
        receiver.received.push({
          webhookId: String(request.headers['webhook-id']),
          timestamp: String(request.headers['webhook-timestamp']),
          event,
        });
        response.writeHead(204).end();
      } catch {
        receiver.forged += 1;
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/webhooks/ems`,
    received: [],
    requests: 0,
    forged: 0,
    failNext: options.failFirst ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

function plain(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}

export interface Harness {
  simulator: RunningSimulator;
  receiver: Receiver;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** POST /variation-notices with the token and a fresh (or given) Idempotency-Key. */
  sendNotice(body: unknown, idempotencyKey?: string): Promise<Answer>;
  requestVisit(reference: string, idempotencyKey?: string): Promise<Answer>;
  deliveries(): Promise<DeliveryRecord[]>;
  /** Resolves once nothing is waiting, being delivered or retried. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  idempotencyKey?: string;
  body?: unknown;
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

let keys = 0;

/** Boots a receiver and a simulator that sends to it, with short delays. */
export async function startHarness(
  settings: RawSimulatorSettings = {},
  receiverOptions: { failFirst?: number } = {},
): Promise<Harness> {
  const receiver = await startReceiver(receiverOptions);
  const simulator = await startSimulator(
    {
      // Port 0: the system picks a free port; startSimulator reports the one it got.
      EMS_SIMULATOR_PORT: 0,
      EMS_API_TOKEN: token,
      EMS_WEBHOOK_SECRET: secret,
      EMS_WEBHOOK_URL: receiver.url,
      EMS_SIMULATOR_DELAY_MS: 50,
      EMS_SIMULATOR_RETRY_BASE_MS: 50,
      EMS_SIMULATOR_MAX_ATTEMPTS: 5,
      ...settings,
    },
    { logger: false },
  );
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${simulator.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const harness: Harness = {
    simulator,
    receiver,
    call,
    sendNotice: (body, idempotencyKey = `key-${++keys}`) =>
      call('POST', '/variation-notices', { token, idempotencyKey, body }),
    requestVisit: (reference, idempotencyKey = `key-${++keys}`) =>
      call('POST', `/variation-notices/${reference}/visit-requests`, { token, idempotencyKey }),
    deliveries: async () => (await call('GET', '/admin/deliveries')).body,
    idle: () =>
      waitFor(
        'the simulator to be idle',
        async () => (await call('GET', '/admin/status')).body.pendingEvents === 0,
      ),
    close: async () => {
      await simulator.close();
      await receiver.close();
    },
  };
  return harness;
}

/** Polls `condition` until it holds; fails naming `what` after the deadline. Never a blind sleep. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A valid notice (EmsNoticeDto); fields can be replaced. */
export function notice(overrides: Record<string, unknown> = {}) {
  return {
    variationId: randomUUID(),
    kind: 'VARIATION',
    variationTypes: ['CHANGE_TO_ADDRESS', 'CHANGE_TO_CURFEW_HOURS'],
    effectiveFrom: '2025-03-03',
    schedule: [
      { day: 'MONDAY', start: '19:00', end: '07:00' },
      { day: 'TUESDAY', start: '20:00', end: '06:00' },
    ],
    installationAddress: { line1: '1 High Street', town: 'Leeds', postcode: 'LS1 1AA' },
    person: { crn: 'X123456', firstName: 'Sam', lastName: 'Example', dateOfBirth: '1990-01-01' },
    responsibleOfficer: { name: 'Pat Officer', email: 'pat.officer@example.gov.uk', pduCode: 'LDSPDU' },
    sentencingCourt: { code: 'B01LY', name: "Example Magistrates' Court" },
    ...overrides,
  };
}

export const types = (received: ReceivedWebhook[]) => received.map((webhook) => webhook.event.type);
