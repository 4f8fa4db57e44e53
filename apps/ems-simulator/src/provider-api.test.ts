import { createSimulator } from './simulator.module';
import {
  type Harness,
  notice,
  secret,
  startHarness,
  token,
  types,
  waitFor,
} from '../../../test/support/webhook-receiver';

describe('EMS simulator: provider API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('answers 401 without a bearer token or with a wrong one', async () => {
    const none = await h.call('POST', '/variation-notices', { idempotencyKey: 'k1', body: notice() });
    const wrong = await h.call('POST', '/variation-notices', {
      token: 'nope',
      idempotencyKey: 'k1',
      body: notice(),
    });
    const visit = await h.call('POST', '/variation-notices/EMS-00000000/visit-requests', {
      idempotencyKey: 'k2',
    });

    for (const answer of [none, wrong, visit]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: 'UNAUTHORIZED' });
    }
    expect((await h.call('GET', '/admin/notices')).body).toEqual([]);
  });

  it('answers the probes operators expect without a token: /health, /ping and /info', async () => {
    expect((await h.call('GET', '/health')).body).toEqual({ status: 'UP' });
    expect((await h.call('GET', '/ping')).body).toEqual({ status: 'UP' });
    expect((await h.call('GET', '/info')).body).toMatchObject({
      build: { name: 'ems-simulator', version: expect.any(String) },
      git: { commit: expect.any(String), branch: expect.any(String) },
      uptime: expect.any(Number),
    });
  });

  it('answers 409 to the first tries a busyFor rule names, then takes the notice once', async () => {
    await h.call('POST', '/admin/rules', { body: { match: {}, busyFor: 2 } });
    const tries = [];
    for (let i = 0; i < 3; i++)
      tries.push(
        await h.call('POST', '/variation-notices', { token, idempotencyKey: 'k-busy', body: notice() }),
      );
    expect(tries.map((answer) => answer.status)).toEqual([409, 409, 201]);
    expect(tries[0].body).toMatchObject({ error: 'IN_PROGRESS' });
    expect((await h.call('GET', '/admin/notices')).body).toHaveLength(1);
  });

  it('answers 400 without an Idempotency-Key', async () => {
    const answer = await h.call('POST', '/variation-notices', { token, body: notice() });

    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([{ field: 'Idempotency-Key', messages: expect.any(Array) }]);
  });

  it('answers 400 naming the bad fields of a notice', async () => {
    const body = notice({
      variationTypes: ['CHANGE_TO_MOON'],
      installationAddress: { line1: '1 High Street', town: 'Leeds', postcode: 'nowhere' },
      extra: true,
    });
    const answer = await h.sendNotice(body);

    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('INVALID_REQUEST');
    const fields = answer.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['variationTypes', 'installationAddress.postcode', 'extra']),
    );
  });

  it('replays the same notice under the same key: the same reference, one set of events', async () => {
    const body = notice();
    const first = await h.sendNotice(body, 'same-key');
    const again = await h.sendNotice(body, 'same-key');

    expect(first.status).toBe(201);
    expect(first.body.reference).toMatch(/^EMS-[0-9A-F]{8}$/);
    expect(again).toEqual(first);

    await waitFor('both events', () => h.receiver.received.length === 2);
    await h.idle();
    expect(types(h.receiver.received)).toEqual(['variation.confirmed', 'visit.completed']);
    const notices = (await h.call('GET', '/admin/notices')).body;
    expect(notices).toEqual([
      {
        reference: first.body.reference,
        idempotencyKey: 'same-key',
        body,
        visitRequests: 0,
        receivedAt: expect.any(String),
      },
    ]);
  });

  it('answers 422 when a key comes back with another body', async () => {
    await h.sendNotice(notice(), 'reused');
    const answer = await h.sendNotice(notice(), 'reused');

    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('acknowledges a withdrawal and sends nothing for it', async () => {
    const answer = await h.sendNotice(notice({ kind: 'WITHDRAWAL' }));

    expect(answer.status).toBe(201);
    expect(answer.body.reference).toMatch(/^EMS-[0-9A-F]{8}$/);
    await h.idle();
    expect(await h.deliveries()).toEqual([]);
  });

  it('answers 404 to a visit request for an unknown reference', async () => {
    const answer = await h.requestVisit('EMS-DEADBEEF');

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'NOT_FOUND' });
  });

  it('counts a visit request once per Idempotency-Key', async () => {
    const { reference } = (await h.sendNotice(notice())).body;
    await waitFor('confirmation and visit', () => h.receiver.received.length === 2);

    const first = await h.requestVisit(reference, 'visit-key');
    const again = await h.requestVisit(reference, 'visit-key');
    const without = await h.call('POST', `/variation-notices/${reference}/visit-requests`, { token });

    expect(first).toEqual({ status: 202, body: { reference, visit: 2 } });
    expect(again).toEqual(first);
    expect(without.status).toBe(400);
    await waitFor('the second visit', () => h.receiver.received.length === 3);
    await h.idle();
    expect(h.receiver.received).toHaveLength(3);
    expect((await h.call('GET', '/admin/notices')).body[0].visitRequests).toBe(1);
  });
});

describe('EMS simulator: configuration', () => {
  const valid = { EMS_API_TOKEN: token, EMS_WEBHOOK_SECRET: secret, EMS_WEBHOOK_URL: 'http://127.0.0.1:9/x' };

  it.each([
    ['EMS_API_TOKEN', { ...valid, EMS_API_TOKEN: undefined }],
    ['EMS_WEBHOOK_SECRET', { ...valid, EMS_WEBHOOK_SECRET: 'not-a-secret' }],
    ['EMS_WEBHOOK_URL', { ...valid, EMS_WEBHOOK_URL: 'somewhere' }],
    ['EMS_SIMULATOR_MODE', { ...valid, EMS_SIMULATOR_MODE: 'sometimes' }],
    ['EMS_SIMULATOR_DELAY_MS', { ...valid, EMS_SIMULATOR_DELAY_MS: 'soon' }],
    ['EMS_SIMULATOR_MAX_ATTEMPTS', { ...valid, EMS_SIMULATOR_MAX_ATTEMPTS: '0' }],
  ])('refuses to start naming %s', async (name, raw) => {
    await expect(createSimulator(raw, { logger: false })).rejects.toThrow(new RegExp(`${name}:`));
  });

  it('applies the defaults to environment strings', async () => {
    const { app, settings } = await createSimulator(
      { ...valid, EMS_WEBHOOK_SECRET: `${secret}, ${secret}`, EMS_SIMULATOR_DELAY_MS: '250' },
      { logger: false },
    );
    await app.close();
    expect(settings).toMatchObject({
      EMS_SIMULATOR_PORT: 3100,
      EMS_SIMULATOR_MODE: 'auto',
      EMS_SIMULATOR_DELAY_MS: 250,
      EMS_SIMULATOR_RETRY_BASE_MS: 1000,
      EMS_SIMULATOR_MAX_ATTEMPTS: 8,
    });
  });

  it('stops cleanly with events still waiting', async () => {
    const h = await startHarness({ EMS_SIMULATOR_DELAY_MS: 60_000 });
    await h.sendNotice(notice());
    const started = Date.now();
    await h.close();

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(h.receiver.requests).toBe(0);
  });
});
