// Who may do what, beyond roles: rate limits on the routes without a bearer token, CORS closed to
// every origin not named, tokens that must expire, and the Temporal Web UI's codec endpoint.
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { workflowId } from '../../apps/api/src/variations/variations.service';
import { call } from '../support/http';
import { csrfOf, signedIn as signedInAs } from '../../scripts/local-sign-in';
import { timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';

const LIMIT = 5;
const PAGES = 'https://pages.example';
const TEMPORAL_UI = 'http://localhost:8233';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: {
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      WEBHOOK_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      CORS_ORIGINS: PAGES,
      TEMPORAL_UI_ORIGIN: TEMPORAL_UI,
      TRUSTED_PROXY_HOPS: '1',
    },
  });
}, 120_000);
afterAll(() => stack?.stop());

describe('rate limits on the routes without a bearer token', () => {
  // Behind one trusted proxy (TRUSTED_PROXY_HOPS=1) the client is the address it forwards.
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it.each([
    ['a decision link', 'GET', '/decisions/not-a-real-token', '203.0.113.1', 'Too many requests'],
    ['the EMS webhook', 'POST', '/webhooks/ems', '203.0.113.2', 'Too many requests'],
    // A page for people: the refusal is a page too.
    ['the sign-in form', 'POST', '/sign-in', '203.0.113.3', 'Too many attempts'],
  ])('turns %s away with 429 and Retry-After after the limit', async (_name, method, path, client, says) => {
    const send = (address: string) =>
      call(stack.baseUrl, method, path, { body: method === 'POST' ? {} : undefined, headers: from(address) });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await send(client)).status);
    expect(statuses.every((status) => status !== 429 && status < 500)).toBe(true);
    const refused = await send(client);
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.body)).toContain(says);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not held back by this one.
    expect((await send('198.51.100.7')).status).not.toBe(429);
  });

  it('does not limit staff with a bearer token', async () => {
    const token = await stack.token('practitioner');
    for (let i = 0; i <= LIMIT * 2; i++) {
      expect((await call(stack.baseUrl, 'GET', '/variations', { token })).status).toBe(200);
    }
  });
});

describe('CORS', () => {
  const preflight = (path: string, origin: string) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });

  it('is closed to an origin that is not configured', async () => {
    const answer = await preflight('/variations', 'https://evil.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is open to a configured origin, without credentials', async () => {
    const answer = await preflight('/variations', PAGES);
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGES);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the Temporal Web UI call the codec endpoint with its credentials', async () => {
    const answer = await preflight('/codec/decode', TEMPORAL_UI);
    expect(answer.headers.get('access-control-allow-origin')).toBe(TEMPORAL_UI);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

it('refuses a correctly signed token that never expires (401)', async () => {
  const token = await new SignJWT({ user_name: 'sam.spo', authorities: ['ROLE_CURFEW_PRACTITIONER'] })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(stack.temporal.secrets.AUTH_JWT_SECRET));
  const answer = await call(stack.baseUrl, 'GET', '/variations', { token });
  expect(answer.status).toBe(401);
  expect(answer.body).toMatchObject({ error: 'UNAUTHENTICATED' });
});

const signedIn = (role: string) => signedInAs(stack.baseUrl, role);

describe('the codec endpoint for the Temporal Web UI', () => {
  /** The encrypted payloads of the variation's first event, as the UI sends them (base64 JSON). */
  async function storedPayloads(
    request = timesChange(),
  ): Promise<{ metadata: Record<string, string>; data: string }[]> {
    const practitioner = await stack.token('practitioner');
    const { body } = await call(stack.baseUrl, 'POST', '/variations', { token: practitioner, body: request });
    const { history } = await stack.temporal.env.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: workflowId(body.id) },
    });
    const payloads = history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
    return payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value).toString('base64'),
        ]),
      ),
      data: Buffer.from(payload.data!).toString('base64'),
    }));
  }
  const decode = (token: string | undefined, payloads: unknown) =>
    call(stack.baseUrl, 'POST', '/codec/decode', { token, body: { payloads } });

  it('shows an admin what history holds, and history holds it encrypted', async () => {
    const request = timesChange();
    const payloads = await storedPayloads(request);
    expect(Buffer.from(payloads[0].data, 'base64').toString('latin1')).not.toContain(request.person.crn);
    const answer = await decode(await stack.token('admin'), payloads);
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body.payloads[0].data, 'base64').toString()).toContain(
      `"crn":"${request.person.crn}"`,
    );
    expect(Buffer.from(answer.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
  });

  it('round-trips what the UI encodes', async () => {
    const admin = await stack.token('admin');
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"hi"').toString('base64'),
    };
    const encoded = await call(stack.baseUrl, 'POST', '/codec/encode', {
      token: admin,
      body: { payloads: [plain] },
    });
    expect(encoded.status).toBe(200);
    expect(encoded.body.payloads[0].data).not.toBe(plain.data);
    expect((await decode(admin, encoded.body.payloads)).body.payloads[0]).toEqual(plain);
  });

  it("decodes for an admin signed in to the pages: the Temporal UI sends the browser's cookie", async () => {
    const payloads = await storedPayloads();
    const withCookie = (cookie: string) =>
      call(stack.baseUrl, 'POST', '/codec/decode', { body: { payloads }, headers: { cookie } });
    const admin = await signedIn('admin');
    expect((await withCookie(admin)).status).toBe(200);
    // A form another site posts carries the cookie too, but no CSRF token: it is not signed in.
    const fromAForm = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin },
      body: `payloads[0][data]=${encodeURIComponent(payloads[0].data)}`,
    });
    expect(fromAForm.status).toBe(401);
    expect((await withCookie(await signedIn('practitioner'))).status).toBe(403);
    expect((await withCookie('session=forged')).status).toBe(401);
    // A cookie that is not even URL-encoded is no session, not a 500; the pages ask to sign in.
    expect((await withCookie('curfew_session=%')).status).toBe(401);
    const page = await fetch(`${stack.baseUrl}/cases`, {
      headers: { cookie: 'curfew_session=%E0%A4%A' },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/sign-in');
  });

  it('is for admins only (401 without a token, 403 for other roles)', async () => {
    const payloads = await storedPayloads();
    expect((await decode(undefined, payloads)).status).toBe(401);
    expect((await decode(await stack.token('practitioner'), payloads)).status).toBe(403);
    expect((await decode(await stack.token('em-lead'), payloads)).status).toBe(403);
  });

  it('answers 400 naming the payload it cannot decrypt, and the field of a malformed request', async () => {
    const admin = await stack.token('admin');
    const [stored] = await storedPayloads();
    const forged = { ...stored, data: randomBytes(64).toString('base64') };
    const answer = await decode(admin, [stored, forged]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: 'INVALID_PAYLOAD',
      messages: [expect.stringContaining('payloads[1]')],
    });
    const malformed = await decode(admin, [{ data: 'not base64!' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.messages.join()).toContain('payloads[0].data');
  });
});

describe('the pages', () => {
  it("keeps a step's long answers on the server between pages: the browser holds only the session's id", async () => {
    const session = await signedIn('practitioner');
    const step = `${stack.baseUrl}/vary/address-checks`;
    const page = await fetch(step, { headers: { cookie: session } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
    // Three long notes in three-byte characters: more than a browser's cookies could carry.
    const long = '€'.repeat(2000);
    const date = (name: string) => ({
      [`${name}-day`]: '2',
      [`${name}-month`]: '11',
      [`${name}-year`]: '2026',
    });
    const answer = await fetch(step, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: new URLSearchParams({
        csrf,
        'safeguarding-outcome': 'NO_CONCERNS',
        'safeguarding-authority': 'Leeds',
        ...date('safeguarding-date'),
        'safeguarding-notes': long,
        'domestic-abuse-outcome': 'NO_CONCERNS',
        'domestic-abuse-force': 'West Yorkshire',
        ...date('domestic-abuse-date'),
        'domestic-abuse-notes': long,
        'householder-name': 'Jo Bloggs',
        'householder-consented': 'yes',
        'householder-attitude': long,
        ...date('householder-date'),
      }),
    });
    expect(answer.status).toBe(303);
    // The only cookie is the session's (its expiry renewed), small whatever the answers.
    const cookies = answer.headers.getSetCookie();
    expect(cookies.every((cookie) => cookie.startsWith('curfew_session=') && cookie.length < 300)).toBe(true);
    const again = await (await fetch(step, { headers: { cookie: session } })).text();
    expect(again).toContain(long);
    // Signed out, the answers end with the session on the server: its id is worth nothing after.
    const signOut = await fetch(`${stack.baseUrl}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: new URLSearchParams({ csrf: csrfOf(again) }),
    });
    expect(signOut.status).toBe(200);
    const after = await fetch(step, { headers: { cookie: session }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/sign-in');
  });
});
