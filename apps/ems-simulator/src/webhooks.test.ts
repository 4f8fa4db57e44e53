import { freePort } from '../../../test/support/ports';
import { type Harness, notice, startHarness, types, waitFor } from '../../../test/support/webhook-receiver';
import type { DeliveryRecord } from './webhook-delivery.service';

describe('EMS simulator: webhooks', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const start = async (...args: Parameters<typeof startHarness>) => (h = await startHarness(...args));

  it('sends a signed confirmation, then the visit of an address change', async () => {
    const h = await start();
    const body = notice({ variationTypes: ['CHANGE_TO_ADDRESS'] });
    const { reference } = (await h.sendNotice(body)).body;

    await waitFor('confirmation and visit', () => h.receiver.received.length === 2);
    const [confirmed, visit] = h.receiver.received;
    expect(confirmed.event).toEqual({
      type: 'variation.confirmed',
      data: { variationId: body.variationId, reference, occurredAt: expect.any(String) },
    });
    expect(confirmed.webhookId).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(Math.abs(Number(confirmed.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(visit.event).toEqual({
      type: 'visit.completed',
      data: { variationId: body.variationId, outcome: 'INSTALLED', occurredAt: expect.any(String) },
    });
    expect(visit.webhookId).not.toBe(confirmed.webhookId);
    expect(h.receiver.forged).toBe(0);
  });

  it('sends only a confirmation for a change of hours alone', async () => {
    const h = await start();
    await h.sendNotice(notice({ variationTypes: ['CHANGE_TO_CURFEW_HOURS'] }));

    await waitFor('the confirmation', () => h.receiver.received.length === 1);
    await h.idle();
    expect(types(h.receiver.received)).toEqual(['variation.confirmed']);
  });

  it('retries with backoff until the receiver answers 2xx, keeping the webhook-id', async () => {
    const h = await start({}, { failFirst: 2 });
    await h.sendNotice(notice({ variationTypes: ['CHANGE_TO_CURFEW_HOURS'] }));

    await waitFor('the confirmation', () => h.receiver.received.length === 1);
    const [delivery] = await h.deliveries();
    expect(delivery).toMatchObject({ type: 'variation.confirmed', delivered: true, finished: true });
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
    expect(delivery.webhookId).toBe(h.receiver.received[0].webhookId);
    const [first, second, third] = delivery.attempts.map((a) => Date.parse(a.at));
    expect(second - first).toBeGreaterThanOrEqual(50 - 5);
    expect(third - second).toBeGreaterThanOrEqual(100 - 5);
  });

  it('records network errors and gives up after the maximum attempts', async () => {
    const h = await start({
      EMS_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/nobody`,
      EMS_SIMULATOR_MAX_ATTEMPTS: 3,
    });
    await h.sendNotice(notice({ variationTypes: ['CHANGE_TO_CURFEW_HOURS'] }));

    await waitFor('the delivery to end', async () => (await h.deliveries())[0]?.finished === true);
    const [delivery] = await h.deliveries();
    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts).toHaveLength(3);
    for (const attempt of delivery.attempts)
      expect(attempt).toEqual({ at: expect.any(String), error: 'ECONNREFUSED' });
  });

  it('gives NO_ACCESS for a postcode rule, then INSTALLED after a visit request', async () => {
    const h = await start();
    const rule = await h.call('POST', '/admin/rules', {
      body: { match: { postcode: 'ls11aa' }, visitOutcomes: ['NO_ACCESS', 'INSTALLED'] },
    });
    expect(rule).toEqual({ status: 201, body: { id: expect.any(String) } });
    const { reference } = (await h.sendNotice(notice())).body;

    await waitFor('the first visit', () => h.receiver.received.length === 2);
    expect(h.receiver.received[1].event.data.outcome).toBe('NO_ACCESS');

    expect((await h.requestVisit(reference)).body).toEqual({ reference, visit: 2 });
    await waitFor('the second visit', () => h.receiver.received.length === 3);
    expect(h.receiver.received[2].event).toMatchObject({
      type: 'visit.completed',
      data: { outcome: 'INSTALLED' },
    });
  });

  it('delivers each event n times under the same webhook-id for a duplicates rule', async () => {
    const h = await start();
    await h.call('POST', '/admin/rules', { body: { match: {}, duplicates: 3 } });
    await h.sendNotice(notice({ variationTypes: ['CHANGE_TO_CURFEW_HOURS'] }));

    await waitFor('three deliveries', () => h.receiver.received.length === 3);
    await h.idle();
    const ids = h.receiver.received.map((w) => w.webhookId);
    expect(new Set(ids).size).toBe(1);
    expect(types(h.receiver.received)).toEqual(Array(3).fill('variation.confirmed'));
    expect(h.receiver.received.map((w) => w.event)).toEqual(Array(3).fill(h.receiver.received[0].event));
  });

  it('sends the visit before the confirmation for a reorder rule', async () => {
    const h = await start();
    const variation = notice();
    await h.call('POST', '/admin/rules', {
      body: { match: { variationId: variation.variationId }, reorder: true },
    });
    await h.sendNotice(variation);

    await waitFor('both events', () => h.receiver.received.length === 2);
    expect(types(h.receiver.received)).toEqual(['visit.completed', 'variation.confirmed']);
  });

  it('rejects for a REJECT rule, with the reason and no visit', async () => {
    const h = await start();
    await h.call('POST', '/admin/rules', {
      body: { match: { postcode: 'LS1 1AA' }, confirm: 'REJECT', rejectReason: 'Address outside coverage' },
    });
    const { reference } = (await h.sendNotice(notice())).body;

    await waitFor('the rejection', () => h.receiver.received.length === 1);
    await h.idle();
    expect(h.receiver.received.map((w) => w.event)).toEqual([
      {
        type: 'variation.rejected',
        data: {
          variationId: expect.any(String),
          reference,
          reason: 'Address outside coverage',
          occurredAt: expect.any(String),
        },
      },
    ]);
  });

  it('checks the newest rule first, and forgets every rule on DELETE', async () => {
    const h = await start();
    await h.call('POST', '/admin/rules', { body: { match: {}, visitOutcomes: ['TECHNICAL_FAILURE'] } });
    await h.call('POST', '/admin/rules', {
      body: { match: { postcode: 'LS1 1AA' }, visitOutcomes: ['NO_ACCESS'] },
    });
    await h.sendNotice(notice());
    await waitFor('the first visit', () => h.receiver.received.length === 2);

    expect((await h.call('DELETE', '/admin/rules')).status).toBe(204);
    await h.sendNotice(notice());
    await waitFor('the second visit', () => h.receiver.received.length === 4);

    const outcomes = h.receiver.received
      .filter((w) => w.event.type === 'visit.completed')
      .map((w) => w.event.data.outcome);
    expect(outcomes).toEqual(['NO_ACCESS', 'INSTALLED']);
  });

  it('sends nothing in hold mode until the admin API says so, and redelivers a webhook-id', async () => {
    const h = await start({ EMS_SIMULATOR_MODE: 'hold' });
    await h.call('POST', '/admin/rules', { body: { match: {}, visitOutcomes: ['NO_ACCESS', 'INSTALLED'] } });
    const { reference } = (await h.sendNotice(notice())).body;
    expect((await h.requestVisit(reference)).status).toBe(202);
    await h.idle();
    expect(await h.deliveries()).toEqual([]);
    expect(h.receiver.requests).toBe(0);

    const send = (body: object) => h.call('POST', `/admin/notices/${reference}/events`, { body });
    const confirmed = await send({ type: 'variation.confirmed' });
    expect(confirmed).toEqual({ status: 202, body: { webhookId: expect.stringMatching(/^msg_/) } });
    await send({ type: 'visit.completed' });
    await send({ type: 'visit.completed' });
    await send({ type: 'variation.confirmed', webhookId: confirmed.body.webhookId });

    await waitFor('four deliveries', () => h.receiver.received.length === 4);
    const [first, visit1, visit2, again] = h.receiver.received;
    expect(first.event).toMatchObject({ type: 'variation.confirmed', data: { reference } });
    expect([visit1.event.data.outcome, visit2.event.data.outcome]).toEqual(['NO_ACCESS', 'INSTALLED']);
    expect(again).toEqual({ ...first, timestamp: expect.any(String) });

    const mismatch = await send({ type: 'visit.completed', webhookId: confirmed.body.webhookId });
    expect(mismatch.status).toBe(422);
    expect(
      (await h.call('POST', '/admin/notices/EMS-DEADBEEF/events', { body: { type: 'variation.confirmed' } }))
        .status,
    ).toBe(404);
    expect((await send({ type: 'visit.done' })).body.fields[0].field).toBe('type');
  });

  it('lists every delivery with its attempts', async () => {
    const h = await start();
    const body = notice();
    const { reference } = (await h.sendNotice(body)).body;
    await waitFor('both events', () => h.receiver.received.length === 2);
    await h.idle();

    const deliveries: DeliveryRecord[] = await h.deliveries();
    expect(deliveries).toEqual([
      expect.objectContaining({
        webhookId: h.receiver.received[0].webhookId,
        type: 'variation.confirmed',
        variationId: body.variationId,
        reference,
        attempts: [{ at: expect.any(String), status: 204 }],
        delivered: true,
      }),
      expect.objectContaining({ type: 'visit.completed', reference, delivered: true }),
    ]);
  });

  it('stops the automatic events of a variation once it is withdrawn', async () => {
    const h = await start({ EMS_SIMULATOR_DELAY_MS: 300 });
    const variation = notice();
    await h.sendNotice(variation);
    await h.sendNotice({ ...variation, kind: 'WITHDRAWAL' });

    await h.idle();
    expect(h.receiver.requests).toBe(0);
  });
});
