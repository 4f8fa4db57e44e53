// One real variation through the real stack: api and worker processes, a Temporal server, HTTP.
import { call } from '../support/http';
import { inNDelius } from '../support/ndelius';
import { addressChange, completeAddressChecks, timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';
import { waitUntil } from '../../scripts/processes';
import { recordDatabase } from '../../libs/record/src/database';
import { VariationRecords } from '../../libs/record/src/variation-records';
import { parseEncryptionKeys } from '../../libs/temporal/src/payload-codec';

let stack: Stack;
let practitioner: string;
let spo: string;
let pduHead: string;

beforeAll(async () => {
  stack = await startStack();
  practitioner = await stack.token('practitioner', { user: 'alex.smith' });
  spo = await stack.token('spo', { user: 'sam.spo' });
  pduHead = await stack.token('pdu-head', { user: 'pat.head' });
}, 120_000);

afterAll(() => stack?.stop());

const post = (path: string, token: string, body: unknown, headers?: Record<string, string>) =>
  call(stack.baseUrl, 'POST', path, { token, body, headers });
const get = (path: string, token: string) => call(stack.baseUrl, 'GET', path, { token });

describe('the spine: submit, triage, approve', () => {
  it('runs an unmonitored times change from submission to COMPLETED, recording who did what', async () => {
    const request = timesChange();
    request.curfew.electronicallyMonitored = false;
    const submitted = await post('/variations', practitioner, await inNDelius(stack, request));
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('AWAITING_TRIAGE');
    expect(submitted.body.route).toBe('ADMINISTRATIVE');
    expect(submitted.headers.get('location')).toBe(`/variations/${submitted.body.id}`);
    const id = submitted.body.id;

    const triaged = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' });
    expect(triaged.status).toBe(200);
    expect(triaged.body.status).toBe('AWAITING_APPROVAL');

    const approved = await post(`/variations/${id}/approval`, pduHead, { decision: 'APPROVE' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('AWAITING_POP_INFORMED');

    // The PoP may be told once the court and the police have the Variation Notice (R14).
    await waitUntil(
      'the notices',
      async () => (await get(`/variations/${id}`, practitioner)).body.notices.length === 2,
    );
    const told = await post(`/variations/${id}/pop-informed`, practitioner, {
      informedAt: new Date().toISOString(),
      method: 'PHONE',
    });
    expect(told.status).toBe(200);
    await waitUntil(
      'completion',
      async () => (await get(`/variations/${id}`, practitioner)).body.status === 'COMPLETED',
    );

    const view = await get(`/variations/${id}`, practitioner);
    expect(view.body.decisions).toEqual([
      expect.objectContaining({ step: 'TRIAGE', decision: 'ACCEPT', by: 'sam.spo', reason: null }),
      expect.objectContaining({ step: 'APPROVAL', decision: 'APPROVE', by: 'pat.head', reason: null }),
    ]);
    expect(view.body.timeline.map((e: { event: string }) => e.event)).toEqual([
      'SUBMITTED',
      'TRIAGE_ACCEPT',
      'APPROVAL_APPROVE',
      'NOTICE_SENT',
      'NOTICE_SENT',
      'POP_INFORMED',
      'CONTACT_RECORDED',
      'COMPLETED',
    ]);
    expect(view.body.timeline.find((e: { event: string }) => e.event === 'POP_INFORMED').by).toBe(
      'alex.smith',
    );

    // The record (PostgreSQL) has it as it ended, encrypted with the payload key ring (issue 21).
    const db = recordDatabase(stack.databaseUrl);
    try {
      const { PAYLOAD_ENCRYPTION_KEYS, PAYLOAD_ENCRYPTION_KEY_ID } = stack.temporal.secrets;
      const records = new VariationRecords(
        db,
        parseEncryptionKeys(PAYLOAD_ENCRYPTION_KEYS),
        PAYLOAD_ENCRYPTION_KEY_ID,
      );
      await waitUntil('the record', async () => (await records.find(id))?.view.status === 'COMPLETED');
      expect(await records.find(id)).toEqual({ view: view.body, open: false });
      const row = await db
        .selectFrom('variations')
        .select(['open', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      expect(row).toEqual({ open: false, status: 'COMPLETED' });
    } finally {
      await db.destroy();
    }
  });

  it('uses an opaque workflow id with no personal data in it or in search attributes (R17)', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    const handle = stack.temporal.env.client.workflow.getHandle(`variation-${body.id}`);
    const description = await handle.describe();
    expect(description.workflowId).toMatch(/^variation-[0-9a-f-]{36}$/);
    const attributes = JSON.stringify(description.searchAttributes);
    expect(attributes).not.toMatch(/X123456|Sam|Jones|1990-04-01|High Street|LS1/);
    expect(description.searchAttributes).toMatchObject({
      PduCode: ['N07CEN'],
      VariationRoute: ['ADMINISTRATIVE'],
    });
  });

  it('refuses a second decision on the same step with 409 and the current status', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    await post(`/variations/${body.id}/triage`, spo, { decision: 'ACCEPT' });
    const again = await post(`/variations/${body.id}/triage`, spo, {
      decision: 'REJECT',
      reason: 'Changed my mind',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'INVALID_STATE', status: 'AWAITING_APPROVAL' });
  });

  it('refuses approval before triage with 409', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    const early = await post(`/variations/${body.id}/approval`, pduHead, { decision: 'APPROVE' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'INVALID_STATE', status: 'AWAITING_TRIAGE' });
  });

  it('answers 409 for a decision on a variation that has ended', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    await post(`/variations/${body.id}/triage`, spo, { decision: 'REJECT', reason: 'Address unsuitable' });
    const late = await post(`/variations/${body.id}/triage`, spo, { decision: 'ACCEPT' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'INVALID_STATE', status: 'REJECTED' });
  });

  it('records a rejection with its reason (R13)', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    await post(`/variations/${body.id}/triage`, spo, { decision: 'ACCEPT' });
    const rejected = await post(`/variations/${body.id}/approval`, pduHead, {
      decision: 'REJECT',
      reason: 'Hours conflict with a programme',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('REJECTED');
    expect(rejected.body.decisions[1]).toMatchObject({
      decision: 'REJECT',
      reason: 'Hours conflict with a programme',
    });
  });

  it('holds a change of address in AWAITING_CHECKS until its checks are recorded (R9)', async () => {
    const submitted = await post('/variations', practitioner, addressChange());
    expect(submitted.status).toBe(201);
    const id = submitted.body.id;
    expect((await get(`/variations/${id}`, practitioner)).body.status).toBe('AWAITING_CHECKS');
    const blocked = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' });
    expect(blocked.status).toBe(409);

    const checked = await post(`/variations/${id}/checks`, practitioner, completeAddressChecks());
    expect(checked.status).toBe(200);
    expect((await get(`/variations/${id}`, practitioner)).body.status).toBe('AWAITING_TRIAGE');
  });
});

describe('who may do what', () => {
  it('answers 401 without a token and with a forged one', async () => {
    expect((await call(stack.baseUrl, 'POST', '/variations', { body: timesChange() })).status).toBe(401);
    const forged = await post('/variations', `${practitioner.slice(0, -4)}AAAA`, timesChange());
    expect(forged.status).toBe(401);
    expect(forged.body.error).toBe('UNAUTHENTICATED');
  });

  it('answers 403 when the role does not fit the call', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    expect((await post('/variations', spo, timesChange())).status).toBe(403);
    expect((await post(`/variations/${body.id}/triage`, practitioner, { decision: 'ACCEPT' })).status).toBe(
      403,
    );
    expect((await post(`/variations/${body.id}/triage`, pduHead, { decision: 'ACCEPT' })).status).toBe(403);
  });
});

describe('PDU scope (api.md: wrong PDU is 403)', () => {
  it('keeps each PDU to its own variations; the EM Lead sees across PDUs', async () => {
    const { body } = await post('/variations', practitioner, timesChange());
    const elsewhere = { pdu: 'N99XYZ' };
    const otherPractitioner = await stack.token('practitioner', elsewhere);
    const otherSpo = await stack.token('spo', elsewhere);

    expect((await get(`/variations/${body.id}`, otherPractitioner)).status).toBe(403);
    const triage = await post(`/variations/${body.id}/triage`, otherSpo, { decision: 'ACCEPT' });
    expect(triage.status).toBe(403);
    expect(triage.body.message).toContain('N07CEN');
    expect((await post('/variations', otherPractitioner, timesChange())).status).toBe(403);
    expect((await get('/variations?pduCode=N07CEN', otherPractitioner)).status).toBe(403);
    const theirs = await get('/variations', otherPractitioner);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((item: { pduCode: string }) => item.pduCode)).not.toContain('N07CEN');

    expect((await get(`/variations/${body.id}`, await stack.token('em-lead', elsewhere))).status).toBe(200);
    expect((await get(`/variations/${body.id}`, practitioner)).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('gives the same variation for the same key and body, and 422 for the same key with another body', async () => {
    const key = `key-${Date.now()}`;
    const body = timesChange();
    const first = await post('/variations', practitioner, body, { 'Idempotency-Key': key });
    const second = await post('/variations', practitioner, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');

    const other = structuredClone(body);
    other.change.circumstances = 'Something else entirely';
    const reused = await post('/variations', practitioner, other, { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it("answers an action sent again with its key as the first time (not 409 against the person's own decision)", async () => {
    const id = (await post('/variations', practitioner, timesChange())).body.id;
    const key = { 'Idempotency-Key': `triage-${id}` };
    const first = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' }, key);
    const again = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' }, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.status).toBe('AWAITING_APPROVAL');
    // The same key with another answer is a reuse; without a key, a second decision is refused.
    const reused = await post(`/variations/${id}/triage`, spo, { decision: 'REJECT', reason: 'No' }, key);
    expect([reused.status, reused.body.error]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const second = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' });
    expect([second.status, second.body.status]).toEqual([409, 'AWAITING_APPROVAL']);
    const view = await get(`/variations/${id}`, spo);
    expect(view.body.decisions.map((d: { step: string }) => d.step)).toEqual(['TRIAGE']);
  });

  it('keeps an action sent while no worker runs: 503 with Retry-After, then its answer once one is back', async () => {
    const id = (await post('/variations', practitioner, timesChange())).body.id;
    await waitUntil(
      'the variation to wait for triage',
      async () => (await get(`/variations/${id}`, spo)).status === 200,
    );
    await stack.stopProcess('worker');
    const key = { 'Idempotency-Key': `away-${id}` };
    const pending = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' }, key);
    expect([pending.status, pending.body.error]).toEqual([503, 'ACTION_PENDING']);
    expect(pending.headers.get('retry-after')).toBe('5');

    await stack.restart('worker');
    const answered = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' }, key);
    expect([answered.status, answered.body.status]).toEqual([200, 'AWAITING_APPROVAL']);
    expect(answered.body.decisions).toHaveLength(1);
  }, 60_000);

  it('refuses a key longer than 255 characters, naming the header', async () => {
    const answer = await post('/variations', practitioner, timesChange(), {
      'Idempotency-Key': 'k'.repeat(256),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.fields[0].field).toBe('Idempotency-Key');
  });
});

describe('reading', () => {
  it('answers 404 for an unknown id and for something that is not an id', async () => {
    expect((await get('/variations/00000000-0000-4000-8000-000000000000', practitioner)).status).toBe(404);
    expect((await get('/variations/not-an-id', practitioner)).status).toBe(404);
  });

  it('serves /metrics for Prometheus: process metrics and requests by route template, with no ids', async () => {
    const id = (await get('/variations/00000000-0000-4000-8000-000000000000', practitioner)).status;
    expect(id).toBe(404);
    await get('/variations', practitioner);
    const response = await fetch(`${stack.baseUrl}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="\/variations\/:id",status_code="404"\} \d+/,
    );
    expect(text).toMatch(/route="\/variations",status_code="200"/);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it('serves /health and the OpenAPI document with the contract paths', async () => {
    const health = await call(stack.baseUrl, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'UP',
      components: { temporal: { status: 'UP' }, mail: { status: 'UP' } },
    });
    expect(await call(stack.baseUrl, 'GET', '/ping')).toMatchObject({ status: 200, body: { status: 'UP' } });
    const info = await call(stack.baseUrl, 'GET', '/info');
    expect(info.body).toMatchObject({
      build: { name: 'curfew-variations-api', version: expect.any(String) },
      git: { commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });
    expect(Date.parse(info.body.startedAt)).toBeLessThan(Date.now());

    const docs = await call(stack.baseUrl, 'GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/variations',
        '/variations/{id}',
        '/variations/{id}/triage',
        '/variations/{id}/approval',
        '/variations/{id}/checks',
        '/health',
      ]),
    );
    // Outside parties code against it: it names the answers api.md gives, not only the happy one.
    const answers = (path: string) => Object.keys(docs.body.paths[path].post.responses).sort();
    expect(answers('/variations')).toEqual(['201', '400', '401', '403', '409', '422', '503']);
    expect(docs.body.paths['/variations'].post.responses['201'].headers).toHaveProperty('Location');
    expect(answers('/variations/{id}/approval')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '422',
      '503',
    ]);
    expect(answers('/webhooks/ems')).toEqual(['204', '400', '401', '404', '409', '429', '503']);

    // The validators' constraints, read from them (libs/contracts/src/openapi-constraints.ts).
    const schemas = docs.body.components.schemas;
    expect(schemas.CurfewDto.properties.periods.minItems).toBe(1);
    expect(schemas.ChangeDto.properties.periods.minItems).toBe(1);
    expect(schemas.ChangeDto.required).toEqual(expect.arrayContaining(['circumstances', 'effectiveFrom']));
    expect(schemas.ChangeDto.required).not.toContain('periods');
    expect(schemas.VariationRequestDto.additionalProperties).toBe(false);
    const pageToken = docs.body.paths['/variations'].get.parameters.find(
      (p: { name: string }) => p.name === 'pageToken',
    );
    expect(pageToken.schema.pattern).toBe('^[A-Za-z0-9_-]{1,4000}\\.[A-Za-z0-9_-]{43}$');
    // From a submission to the actions on the variation it made.
    expect(docs.body.paths['/variations'].post.responses['201'].links.triage).toEqual({
      operationId: 'VariationsController_triage',
      parameters: { id: '$response.body#/id' },
    });
    // Its example is a submission the rules allow today.
    const example = docs.body.paths['/variations'].post.requestBody.content['application/json'].example;
    expect(
      (await call(stack.baseUrl, 'POST', '/variations', { token: practitioner, body: example })).status,
    ).toBe(201);
  });

  it('answers a method a path does not take with 405 and Allow, and an unknown path with 404, JSON or a page by Accept', async () => {
    const json = await call(stack.baseUrl, 'DELETE', '/variations', { token: practitioner });
    expect(json.status).toBe(405);
    expect(json.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(json.body).toEqual({
      error: 'METHOD_NOT_ALLOWED',
      message: '/variations answers GET, HEAD, POST',
    });

    const missing = await call(stack.baseUrl, 'GET', '/vary-a-curfew');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'NOT_FOUND', message: 'There is nothing at GET /vary-a-curfew' });

    for (const [method, path, status, heading] of [
      ['GET', '/vary-a-curfew', 404, 'Page not found'],
      ['PUT', '/cases', 405, 'You cannot do that on this page'],
    ] as const) {
      const page = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { Accept: 'text/html,application/xhtml+xml' },
      });
      expect(page.status).toBe(status);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain(`<h1 class="govuk-heading-l">${heading}</h1>`);
    }
  });
});
