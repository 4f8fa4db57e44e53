// The whole process of domain.md over real HTTP: every path from submission to a final status, the EMS
// provider's signed webhooks (in order, out of order, repeated, refused), the court route and the list.
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Change, VariationRequest } from '../../libs/domain/src/types';
import type { SentNotice, VariationView } from '../../libs/domain/src/variation';
import { emsEvents, otherWebhookSecret, sendEmsWebhook, type WebhookHeader } from '../support/ems-webhooks';
import { call } from '../support/http';
import { addressChange, completeAddressChecks, daysFromToday, timesChange } from '../support/requests';
import { inNDelius, withOrders } from '../support/ndelius';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/variations';

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

const post = (path: string, token: string, body: unknown) =>
  call(stack.baseUrl, 'POST', path, { token, body });
const get = (path: string, token = practitioner) => call(stack.baseUrl, 'GET', path, { token });

// --- Waiting for asynchronous progress: poll, never sleep a fixed time ---------------------------------

/** Polls GET /variations/{id} every 100 ms until the view satisfies `ok`. */
const untilView = (id: string, what: string, ok: (view: VariationView) => boolean) =>
  eventually(
    `${what} (variation ${id})`,
    async () => {
      const answer = await get(`/variations/${id}`);
      expect(answer.status).toBe(200);
      return answer.body as VariationView;
    },
    ok,
    (view) => ({
      status: view.status,
      notices: view.notices,
      ems: view.ems,
      timeline: view.timeline.map((e) => e.event),
    }),
  );

const inStatus = (id: string, status: string) => untilView(id, status, (view) => view.status === status);
const events = (view: VariationView) => view.timeline.map((e) => e.event);
const recipients = (view: VariationView, kind: SentNotice['kind'] = 'VARIATION') =>
  view.notices
    .filter((notice) => notice.kind === kind)
    .map((notice) => notice.recipient)
    .sort();

// --- Getting a variation to a point in the process -----------------------------------------------------

async function submit(body: VariationRequest, token = practitioner): Promise<string> {
  const answer = await post('/variations', token, body);
  expect(answer.status).toBe(201);
  return answer.body.id;
}

/** Submitted, its address checks recorded if it needs them, triaged and approved. */
async function approve(body: VariationRequest): Promise<{ id: string; approved: VariationView }> {
  const id = await submit(body);
  if ((await get(`/variations/${id}`)).body.status === 'AWAITING_CHECKS') {
    expect((await post(`/variations/${id}/checks`, practitioner, completeAddressChecks())).status).toBe(200);
  }
  const triaged = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' });
  expect(triaged.status).toBe(200);
  const approved = await post(`/variations/${id}/approval`, pduHead, { decision: 'APPROVE' });
  expect(approved.status).toBe(200);
  return { id, approved: approved.body };
}

/** Approved and monitored, every Variation Notice sent: the EMS provider's reference is known. */
async function awaitingEms(body: VariationRequest): Promise<{ id: string; reference: string }> {
  const { id } = await approve(body);
  const view = await untilView(
    id,
    'the notices to court, police and EMS',
    (v) => v.notices.length === 3 && !!v.ems?.reference,
  );
  expect(view.status).toBe('AWAITING_EMS_CONFIRMATION');
  return { id, reference: view.ems!.reference! };
}

const popInformed = (id: string) =>
  post(`/variations/${id}/pop-informed`, practitioner, {
    informedAt: new Date().toISOString(),
    method: 'IN_PERSON',
  });

/** An order whose curfew is not monitored, as nDelius has it. */
const unmonitored = () => {
  const body = timesChange();
  body.curfew.electronicallyMonitored = false;
  return inNDelius(stack, body);
};

/** A conviction before 28 June 2022, as nDelius has it: only the court can vary this curfew (R2). */
const preCommencement = () => {
  const body = timesChange();
  body.order.convictionDate = '2022-06-27';
  return inNDelius(stack, body);
};

// --- Submission ----------------------------------------------------------------------------------------

describe('the answer to a submission', () => {
  // The api answers from the view the workflow starts with (workflows/submitted.ts) without asking
  // the workflow, so the two must agree to the last field: status, due date and the timeline's time.
  it.each([
    ['a new address: checks first', '/variations', addressChange, 'AWAITING_CHECKS'],
    ['new hours: triage first', '/variations', timesChange, 'AWAITING_TRIAGE'],
    ['the court route', '/court-variations', preCommencement, 'AWAITING_COURT_APPLICATION'],
  ])('is the view the variation then has: %s', async (_, path, body, status) => {
    const submitted = await post(path, practitioner, await body());
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status, timeline: [{ event: 'SUBMITTED' }] });
    const read = await get(`/variations/${submitted.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(submitted.body);
  });

  it('leaves out the current address restated beside new hours: no address checks, no visit (R9, R15)', async () => {
    const body = timesChange();
    body.change.address = { ...body.curfew.address, postcode: body.curfew.address.postcode.toLowerCase() };
    const submitted = await post('/variations', practitioner, body);
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('AWAITING_TRIAGE');
    expect(submitted.body.change.address).toBeUndefined();
    expect(submitted.body.change.periods).toEqual(body.change.periods);
    expect((await get(`/variations/${submitted.body.id}`)).body).toEqual(submitted.body);
  });
});

// --- The administrative route --------------------------------------------------------------------------

describe('the administrative route, start to finish', () => {
  it('address change, monitored: checks, triage, approval, notices, EMS confirms and installs, PoP told, COMPLETED', async () => {
    const submitted = await post('/variations', practitioner, addressChange());
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('AWAITING_CHECKS');
    const id = submitted.body.id;

    const checked = await post(`/variations/${id}/checks`, practitioner, completeAddressChecks());
    expect(checked.status).toBe(200);
    expect(checked.body.status).toBe('AWAITING_TRIAGE');

    const triaged = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' });
    expect(triaged.status).toBe(200);
    expect(triaged.body.status).toBe('AWAITING_APPROVAL');

    const approved = await post(`/variations/${id}/approval`, pduHead, { decision: 'APPROVE' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('AWAITING_EMS_CONFIRMATION');

    // R14: the Variation Notice goes to the court, the police and the EMS provider.
    const notified = await untilView(
      id,
      'three notices and an EMS reference',
      (v) => v.notices.length === 3 && !!v.ems?.reference,
    );
    expect(recipients(notified)).toEqual(['COURT', 'EMS', 'POLICE']);
    const reference = notified.ems!.reference!;

    const confirmed = await sendEmsWebhook(stack, emsEvents.confirmed(id, reference));
    expect(confirmed.status).toBe(204);
    await inStatus(id, 'AWAITING_EMS_VISIT');

    // R15: the PoP is not told before the EMS provider has visited the new address.
    const tooEarly = await popInformed(id);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({ error: 'INVALID_STATE', status: 'AWAITING_EMS_VISIT' });

    const visited = await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'INSTALLED'));
    expect(visited.status).toBe(204);
    const ready = await inStatus(id, 'AWAITING_POP_INFORMED');
    expect(ready.ems).toMatchObject({
      reference,
      confirmedAt: expect.any(String),
      visit: { outcome: 'INSTALLED', at: expect.any(String) },
    });

    const told = await popInformed(id);
    expect(told.status).toBe(200);
    const done = await inStatus(id, 'COMPLETED');
    expect(events(done)).toContain('CONTACT_RECORDED');
    expect(events(done)).toEqual(
      expect.arrayContaining(['EMS_CONFIRMED', 'EMS_VISIT_COMPLETED', 'POP_INFORMED', 'COMPLETED']),
    );
  });

  it('unmonitored times change: notices to the court and police only, then PoP told, COMPLETED', async () => {
    const { id, approved } = await approve(await unmonitored());
    expect(approved.status).toBe('AWAITING_POP_INFORMED');

    const notified = await untilView(id, 'notices to court and police', (v) => v.notices.length === 2);
    expect(recipients(notified)).toEqual(['COURT', 'POLICE']);
    expect(notified.ems).toBeNull();

    const told = await popInformed(id);
    expect(told.status).toBe(200);
    const done = await inStatus(id, 'COMPLETED');
    expect(done.ems).toBeNull();
    expect(recipients(done)).toEqual(['COURT', 'POLICE']);
    expect(events(done)).toContain('CONTACT_RECORDED');
  });

  it('return at triage: a reason is needed, the amendment is checked against the rules, then triage again', async () => {
    const id = await submit(timesChange());

    const noReason = await post(`/variations/${id}/triage`, spo, { decision: 'RETURN' });
    expect(noReason.status).toBe(400);

    const returned = await post(`/variations/${id}/triage`, spo, {
      decision: 'RETURN',
      reason: 'Please give the shift pattern',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('RETURNED');
    expect(returned.body.decisions).toEqual([
      expect.objectContaining({
        step: 'TRIAGE',
        decision: 'RETURN',
        reason: 'Please give the shift pattern',
      }),
    ]);

    // R7: Monday 19:00-05:00 is two hours fewer than 19:00-07:00.
    const fewerHours: Change = {
      circumstances: 'Shifts at a warehouse, Monday to Friday 06:00-14:00',
      effectiveFrom: daysFromToday(7),
      periods: [
        { day: 'MONDAY', start: '19:00', end: '05:00' },
        { day: 'TUESDAY', start: '19:00', end: '07:00' },
      ],
    };
    const refused = await post(`/variations/${id}/amendment`, practitioner, { change: fewerHours });
    expect(refused.status).toBe(422);
    expect(refused.body.rules).toContain('R7');

    const amendedChange: Change = {
      circumstances: 'Shifts at a warehouse, Monday 22:00 finish',
      effectiveFrom: daysFromToday(7),
      periods: [
        { day: 'MONDAY', start: '22:30', end: '10:30' },
        { day: 'TUESDAY', start: '19:00', end: '07:00' },
      ],
    };
    // R5: the person consented to the times first asked for, not to these.
    const unconsented = await post(`/variations/${id}/amendment`, practitioner, { change: amendedChange });
    expect(unconsented.status).toBe(422);
    expect(unconsented.body).toMatchObject({ error: 'NOT_ELIGIBLE', rules: ['R5'] });
    const badConsent = await post(`/variations/${id}/amendment`, practitioner, {
      change: amendedChange,
      consent: { given: true, method: 'BY_LETTER' },
    });
    expect(badConsent.status).toBe(400);
    expect(badConsent.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'consent.method',
      'consent.recordedAt',
    ]);

    const consent = { given: true, method: 'PHONE', recordedAt: `${daysFromToday(0)}T09:00:00Z` };
    const amended = await post(`/variations/${id}/amendment`, practitioner, {
      change: amendedChange,
      consent,
      note: 'Shift pattern added',
    });
    expect(amended.status).toBe(200);
    expect(amended.body.consent).toEqual(consent);
    expect(amended.body.status).toBe('AWAITING_TRIAGE');
    expect(amended.body.change).toEqual(amendedChange);
    expect(events(amended.body)).toContain('AMENDED');

    const notReturned = await post(`/variations/${id}/amendment`, practitioner, { change: amendedChange });
    expect(notReturned.status).toBe(409);
    expect(notReturned.body).toMatchObject({ error: 'INVALID_STATE', status: 'AWAITING_TRIAGE' });
  });

  it('reject at approval: REJECTED, the reason kept, the PoP pointed to the court (R13); no later decision', async () => {
    const id = await submit(timesChange());
    expect((await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' })).status).toBe(200);

    const rejected = await post(`/variations/${id}/approval`, pduHead, {
      decision: 'REJECT',
      reason: 'The new hours clash with an accredited programme',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('REJECTED');
    expect(rejected.body.refusal).toMatchObject({
      reason: 'The new hours clash with an accredited programme',
      nextSteps: expect.stringMatching(/court/i),
    });

    const later = await post(`/variations/${id}/approval`, pduHead, { decision: 'APPROVE' });
    expect(later.status).toBe(409);
    expect(later.body).toMatchObject({ error: 'INVALID_STATE', status: 'REJECTED' });
  });

  it('withdrawal before approval: a reason is required, then WITHDRAWN', async () => {
    const id = await submit(timesChange());

    const noReason = await post(`/variations/${id}/withdrawal`, practitioner, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    expect((await get(`/variations/${id}`)).body.status).toBe('AWAITING_TRIAGE');

    const withdrawn = await post(`/variations/${id}/withdrawal`, practitioner, {
      reason: 'The job offer fell through',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const view = await inStatus(id, 'WITHDRAWN');
    expect(events(view)).toContain('WITHDRAWN');
    expect(view.notices).toEqual([]);
  });

  it('withdrawal after approval, while AWAITING_EMS_CONFIRMATION: 409', async () => {
    const { id, approved } = await approve(timesChange());
    expect(approved.status).toBe('AWAITING_EMS_CONFIRMATION');

    const late = await post(`/variations/${id}/withdrawal`, practitioner, { reason: 'Changed my mind' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'INVALID_STATE', status: 'AWAITING_EMS_CONFIRMATION' });
  });
});

describe('the EMS provider (R15)', () => {
  /** An address change confirmed by EMS, waiting for its visit. */
  async function awaitingVisit(): Promise<{ id: string; reference: string }> {
    const waiting = await awaitingEms(addressChange());
    expect((await sendEmsWebhook(stack, emsEvents.confirmed(waiting.id, waiting.reference))).status).toBe(
      204,
    );
    await inStatus(waiting.id, 'AWAITING_EMS_VISIT');
    return waiting;
  }

  it('a failed visit goes back to the practitioner, who rebooks; the new visit installs', async () => {
    const { id } = await awaitingVisit();

    const failed = await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'NO_ACCESS'));
    expect(failed.status).toBe(204);
    const visitFailed = await inStatus(id, 'EMS_VISIT_FAILED');
    expect(visitFailed.ems!.visit).toMatchObject({ outcome: 'NO_ACCESS' });

    const rebooked = await post(`/variations/${id}/ems-visit`, practitioner, { action: 'REBOOK' });
    expect(rebooked.status).toBe(200);
    expect(rebooked.body.status).toBe('AWAITING_EMS_VISIT');
    expect(rebooked.body.ems.visit).toBeNull();

    const installed = await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'INSTALLED'));
    expect(installed.status).toBe(204);
    expect(installed.webhookId).not.toBe(failed.webhookId);
    const ready = await inStatus(id, 'AWAITING_POP_INFORMED');
    expect(ready.ems!.visit).toMatchObject({ outcome: 'INSTALLED' });
  });

  it('a failed visit, then withdrawal: WITHDRAWN, and everyone who had the notice is told', async () => {
    const { id } = await awaitingVisit();
    expect((await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'ADDRESS_UNSUITABLE'))).status).toBe(
      204,
    );
    await inStatus(id, 'EMS_VISIT_FAILED');

    const withdrawn = await post(`/variations/${id}/withdrawal`, practitioner, {
      reason: 'The relative can no longer house them',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');

    const told = await untilView(
      id,
      'withdrawal notices to court, police and EMS',
      (v) => recipients(v, 'WITHDRAWAL').length === 3,
    );
    expect(told.status).toBe('WITHDRAWN');
    expect(recipients(told, 'WITHDRAWAL')).toEqual(['COURT', 'EMS', 'POLICE']);
    expect(told.notices.filter((n) => n.kind === 'WITHDRAWAL')).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'WITHDRAWAL', recipient: 'COURT' })]),
    );
  });

  it('takes events out of order: a visit reported before the confirmation', async () => {
    const { id, reference } = await awaitingEms(addressChange());

    const visit = await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'INSTALLED'));
    expect(visit.status).toBe(204);
    const confirmed = await sendEmsWebhook(stack, emsEvents.confirmed(id, reference));
    expect(confirmed.status).toBe(204);

    const ready = await inStatus(id, 'AWAITING_POP_INFORMED');
    expect(ready.ems).toMatchObject({
      reference,
      confirmedAt: expect.any(String),
      visit: { outcome: 'INSTALLED' },
    });
  });

  it('takes a redelivered event (same webhook-id) once', async () => {
    const { id, reference } = await awaitingEms(timesChange());
    const event = emsEvents.confirmed(id, reference);
    const webhookId = `msg_${randomUUID()}`;

    for (let delivery = 1; delivery <= 3; delivery++) {
      const answer = await sendEmsWebhook(stack, event, { id: webhookId });
      expect(answer.status).toBe(204);
    }

    const ready = await inStatus(id, 'AWAITING_POP_INFORMED');
    expect(events(ready).filter((e) => e === 'EMS_CONFIRMED')).toHaveLength(1);
  });

  it('an EMS rejection goes back to the practitioner: RETURNED, the reason kept', async () => {
    const { id, reference } = await awaitingEms(timesChange());
    const reason = 'The schedule cannot be set on the monitoring equipment';

    const rejected = await sendEmsWebhook(stack, emsEvents.rejected(id, reference, reason));
    expect(rejected.status).toBe(204);

    const returned = await inStatus(id, 'RETURNED');
    expect(returned.ems!.rejected).toMatchObject({ reason });
    expect(events(returned)).toContain('EMS_REJECTED');
  });
});

describe('webhooks that are refused', () => {
  // One variation waiting for the EMS provider: none of the refused events may move it.
  let waiting: { id: string; reference: string };

  beforeAll(async () => {
    waiting = await awaitingEms(timesChange());
  }, 60_000);

  const confirmation = () => emsEvents.confirmed(waiting.id, waiting.reference);

  it('401 when signed with another secret', async () => {
    const answer = await sendEmsWebhook(stack, confirmation(), { secret: otherWebhookSecret() });
    expect(answer.status).toBe(401);
  });

  it('401 when the body is not the one signed', async () => {
    const signed = JSON.stringify(emsEvents.confirmed(waiting.id, 'EMS-SIGNED'));
    const sent = JSON.stringify(emsEvents.confirmed(waiting.id, 'EMS-TAMPERED'));
    const answer = await sendEmsWebhook(stack, undefined, { rawBody: sent, signedBody: signed });
    expect(answer.status).toBe(401);
  });

  it('401 when the timestamp is 10 minutes old', async () => {
    const answer = await sendEmsWebhook(stack, confirmation(), {
      timestamp: new Date(Date.now() - 10 * 60_000),
    });
    expect(answer.status).toBe(401);
  });

  it('401 when the timestamp is 10 minutes in the future', async () => {
    const answer = await sendEmsWebhook(stack, confirmation(), {
      timestamp: new Date(Date.now() + 10 * 60_000),
    });
    expect(answer.status).toBe(401);
  });

  it.each<WebhookHeader>(['webhook-signature', 'webhook-id', 'webhook-timestamp'])(
    '401 without the %s header',
    async (header) => {
      const answer = await sendEmsWebhook(stack, confirmation(), { omit: [header] });
      expect(answer.status).toBe(401);
    },
  );

  it('401 for a signature that is not one', async () => {
    const answer = await sendEmsWebhook(stack, confirmation(), { signature: 'v1,bm90IGEgc2lnbmF0dXJl' });
    expect(answer.status).toBe(401);
  });

  it('400 for malformed JSON, even signed', async () => {
    const answer = await sendEmsWebhook(stack, undefined, {
      rawBody: '{"type": "variation.confirmed", "data": ',
    });
    expect(answer.status).toBe(400);
  });

  it.each(['null', '[]', '"variation.confirmed"'])(
    '400 saying why for JSON that is not an object: %s',
    async (raw) => {
      const answer = await sendEmsWebhook(stack, undefined, { rawBody: raw });
      expect(answer.status).toBe(400);
      expect(answer.body.messages).toEqual(['The body is not a JSON object']);
    },
  );

  it('401 for a forged body that is not even JSON: the signature is checked before the body is read', async () => {
    const answer = await sendEmsWebhook(stack, undefined, {
      rawBody: '<xml>not json</xml>',
      secret: otherWebhookSecret(),
    });
    expect(answer.status).toBe(401);
  });

  it('400 naming data.reference when a confirmation has none', async () => {
    const event = confirmation() as { data: Record<string, unknown> };
    delete event.data.reference;
    const answer = await sendEmsWebhook(stack, event);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('data.reference');
  });

  it('left the variation untouched', async () => {
    const view = (await get(`/variations/${waiting.id}`)).body as VariationView;
    expect(view.status).toBe('AWAITING_EMS_CONFIRMATION');
    expect(view.ems!.confirmedAt).toBeNull();
    expect(events(view)).not.toContain('EMS_CONFIRMED');
  });

  it('404 for an unknown variation', async () => {
    const answer = await sendEmsWebhook(stack, emsEvents.confirmed(randomUUID(), 'EMS-UNKNOWN'));
    expect(answer.status).toBe(404);
  });

  it('409 for a new event to a variation that has COMPLETED; 204 for a redelivery of one it took', async () => {
    const { id, reference } = await awaitingEms(timesChange());
    const confirmation = emsEvents.confirmed(id, reference);
    const taken = await sendEmsWebhook(stack, confirmation);
    expect(taken.status).toBe(204);
    await inStatus(id, 'AWAITING_POP_INFORMED');
    expect((await popInformed(id)).status).toBe(200);
    await inStatus(id, 'COMPLETED');

    const late = await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'INSTALLED'));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'INVALID_STATE', status: 'COMPLETED' });

    // The provider never saw the first 204 (api.md: a redelivered webhook-id also gets 204).
    const redelivered = await sendEmsWebhook(stack, confirmation, { id: taken.webhookId });
    expect(redelivered.status).toBe(204);
    const view = (await get(`/variations/${id}`)).body as VariationView;
    expect(events(view).filter((e) => e === 'EMS_CONFIRMED')).toHaveLength(1);
  });

  it('204 for an event before approval (api.md: recorded), which the variation leaves', async () => {
    const id = await submit(timesChange());
    const early = await sendEmsWebhook(stack, emsEvents.confirmed(id, 'EMS-EARLY'));
    expect(early.status).toBe(204);
    // The SPO's decision comes after the event, so the variation has taken the event by then.
    const triaged = await post(`/variations/${id}/triage`, spo, { decision: 'ACCEPT' });
    expect(triaged.body).toMatchObject({ status: 'AWAITING_APPROVAL', ems: null });
    expect(events(triaged.body as VariationView)).not.toContain('EMS_CONFIRMED');
  });
});

// --- The court route -------------------------------------------------------------------------------

describe('the court route', () => {
  /** What the court ordered: not what was asked (Monday 23:00-11:00), still 12 hours. */
  const courtOrdered = (): Change => ({
    circumstances: 'Court ordered: Monday curfew from 22:00 to fit the late shift',
    effectiveFrom: daysFromToday(14),
    periods: [
      { day: 'MONDAY', start: '22:00', end: '10:00' },
      { day: 'TUESDAY', start: '19:00', end: '07:00' },
    ],
  });

  async function lodged(): Promise<string> {
    const started = await post('/court-variations', practitioner, await preCommencement());
    expect(started.status).toBe(201);
    const id = started.body.id;
    const application = await post(`/variations/${id}/court-application`, practitioner, {
      lodgedAt: daysFromToday(0),
      hearingDate: daysFromToday(14),
    });
    expect(application.status).toBe(200);
    expect(application.body.status).toBe('AWAITING_COURT_DECISION');
    return id;
  }

  it('a pre-commencement conviction: 422 on the administrative route, granted by the court, then EMS and PoP', async () => {
    const administrative = await post('/variations', practitioner, await preCommencement());
    expect(administrative.status).toBe(422);
    expect(administrative.body.error).toBe('COURT_ROUTE_REQUIRED');
    expect(administrative.body.rules).toContain('R2');

    const started = await post('/court-variations', practitioner, await preCommencement());
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ route: 'COURT', status: 'AWAITING_COURT_APPLICATION' });
    expect(started.headers.get('location')).toBe(`/variations/${started.body.id}`);
    const id = started.body.id;

    const application = await post(`/variations/${id}/court-application`, practitioner, {
      lodgedAt: daysFromToday(0),
      hearingDate: daysFromToday(14),
    });
    expect(application.status).toBe(200);
    expect(application.body.status).toBe('AWAITING_COURT_DECISION');
    expect(application.body.court).toMatchObject({
      lodgedAt: daysFromToday(0),
      hearingDate: daysFromToday(14),
    });

    const ordered = courtOrdered();
    const granted = await post(`/variations/${id}/court-decision`, practitioner, {
      decision: 'GRANTED',
      decidedAt: daysFromToday(0),
      change: ordered,
    });
    expect(granted.status).toBe(200);
    expect(granted.body.status).toBe('AWAITING_EMS_CONFIRMATION');
    expect(granted.body.change).toEqual(ordered);

    // The court sees to its own order: only the EMS provider gets a Variation Notice here.
    const notified = await untilView(
      id,
      'the notice to EMS',
      (v) => v.notices.length >= 1 && !!v.ems?.reference,
    );
    expect(recipients(notified)).toEqual(['EMS']);
    expect(notified.change).toEqual(ordered);

    const confirmed = await sendEmsWebhook(stack, emsEvents.confirmed(id, notified.ems!.reference!));
    expect(confirmed.status).toBe(204);
    await inStatus(id, 'AWAITING_POP_INFORMED');

    expect((await popInformed(id)).status).toBe(200);
    const done = await inStatus(id, 'COMPLETED');
    expect(done.route).toBe('COURT');
    expect(recipients(done)).toEqual(['EMS']);
    expect(events(done)).toContain('CONTACT_RECORDED');
  });

  it("a failed visit after the grant: no withdrawal (the court's order stands); back to the court, whose refusal leaves the grant, then its new grant", async () => {
    // A move for a conviction before 28 June 2022: only the court can order it (R2).
    const request: VariationRequest = {
      ...addressChange(),
      addressChecks: completeAddressChecks() as VariationRequest['addressChecks'],
    };
    request.order.convictionDate = '2022-06-27';
    const started = await post('/court-variations', practitioner, await inNDelius(stack, request));
    const id = started.body.id;
    const lodge = () =>
      post(`/variations/${id}/court-application`, practitioner, { lodgedAt: daysFromToday(0) });
    const decide = (body: object) =>
      post(`/variations/${id}/court-decision`, practitioner, { decidedAt: daysFromToday(0), ...body });
    expect((await lodge()).status).toBe(200);
    expect((await decide({ decision: 'GRANTED', change: request.change })).status).toBe(200);
    const notified = await untilView(id, 'the notice to EMS', (v) => !!v.ems?.reference);
    await sendEmsWebhook(stack, emsEvents.confirmed(id, notified.ems!.reference!));
    await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'NO_ACCESS'));
    await inStatus(id, 'EMS_VISIT_FAILED');

    const withdrawal = await post(`/variations/${id}/withdrawal`, practitioner, { reason: 'Moving on' });
    expect(withdrawal.status).toBe(409);
    expect(withdrawal.body.message).toMatch(/The court granted this variation on .*: its order stands/);

    // Back to the court; it refuses to change its order, which stands: back at the failed visit.
    expect((await lodge()).body.status).toBe('AWAITING_COURT_DECISION');
    expect((await decide({ decision: 'REFUSED' })).status).toBe(200);
    const standing = await inStatus(id, 'EMS_VISIT_FAILED');
    expect(standing.court?.decision?.decision).toBe('GRANTED');

    // Back again; this time it orders another address, and the EMS steps run again with it.
    expect((await lodge()).body.status).toBe('AWAITING_COURT_DECISION');
    const elsewhere = {
      ...request.change,
      address: { line1: '9 Elm Street', town: 'Leeds', postcode: 'LS9 9ZZ' },
    };
    expect((await decide({ decision: 'GRANTED', change: elsewhere })).body.status).toBe(
      'AWAITING_EMS_CONFIRMATION',
    );
    const renotified = await untilView(
      id,
      'the second notice to EMS',
      (v) => v.notices.filter((n) => n.recipient === 'EMS').length === 2 && !!v.ems?.reference,
    );
    await sendEmsWebhook(stack, emsEvents.confirmed(id, renotified.ems!.reference!));
    await sendEmsWebhook(stack, emsEvents.visitCompleted(id, 'INSTALLED'));
    const ready = await inStatus(id, 'AWAITING_POP_INFORMED');
    expect(ready.change.address?.postcode).toBe('LS9 9ZZ');
  });

  it('a refusal by the court: REFUSED_BY_COURT, with the refusal recorded', async () => {
    const id = await lodged();
    const refused = await post(`/variations/${id}/court-decision`, practitioner, {
      decision: 'REFUSED',
      decidedAt: daysFromToday(0),
    });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('REFUSED_BY_COURT');
    expect(refused.body.refusal).toMatchObject({ reason: expect.any(String), at: expect.any(String) });
    expect(refused.body.notices).toEqual([]);
  });

  it('a grant without the change the court ordered: 400 naming change', async () => {
    const id = await lodged();
    const answer = await post(`/variations/${id}/court-decision`, practitioner, {
      decision: 'GRANTED',
      decidedAt: daysFromToday(0),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field)).toContain('change');
    expect((await get(`/variations/${id}`)).body.status).toBe('AWAITING_COURT_DECISION');
  });

  it('a court decision before the application: 409', async () => {
    const started = await post('/court-variations', practitioner, await preCommencement());
    expect(started.status).toBe(201);
    const early = await post(`/variations/${started.body.id}/court-decision`, practitioner, {
      decision: 'GRANTED',
      decidedAt: daysFromToday(0),
      change: courtOrdered(),
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'INVALID_STATE', status: 'AWAITING_COURT_APPLICATION' });
  });
});

// --- The list --------------------------------------------------------------------------------------

describe('GET /variations', () => {
  // A PDU of this run's own, so the list holds only the variations made here.
  const pduCode = `T${String(randomInt(0, 100_000)).padStart(5, '0')}`;
  let pduPractitioner: string;
  let crn: string;
  let triageOnly: string;
  let awaitingApproval: string;
  let court: string;

  type Summary = { id: string; status: string; route: string; pduCode: string };
  const list = async (query: string) => {
    const answer = await get(`/variations?${query}`, pduPractitioner);
    expect(answer.status).toBe(200);
    return answer.body as { items: Summary[]; nextPageToken?: string | null };
  };
  const ids = (items: Summary[]) => items.map((item) => item.id).sort();
  /** Visibility is eventually consistent: poll until the list holds what it should. */
  const listUntil = (query: string, expected: string[]) =>
    eventually(
      `GET /variations?${query} to hold ${expected.length} variations`,
      () => list(query),
      (page) => JSON.stringify(ids(page.items)) === JSON.stringify([...expected].sort()),
    );

  beforeAll(async () => {
    pduPractitioner = await stack.token('practitioner', { user: 'alex.smith', pdu: pduCode });
    const inPdu = (body: VariationRequest) => {
      body.practitioner.pduCode = pduCode;
      return body;
    };
    // Three open variations of one person: three orders (R18: one open variation per order).
    const [first, second, third] = await withOrders(stack, [timesChange(), timesChange(), timesChange()]);
    third.order.convictionDate = '2022-06-27';
    await withOrders(stack, [first, second, third]);
    crn = first.person.crn;
    triageOnly = await submit(inPdu(first), pduPractitioner);
    awaitingApproval = await submit(inPdu(second), pduPractitioner);
    const pduSpo = await stack.token('spo', { pdu: pduCode });
    expect(
      (await post(`/variations/${awaitingApproval}/triage`, pduSpo, { decision: 'ACCEPT' })).status,
    ).toBe(200);
    const started = await post('/court-variations', pduPractitioner, inPdu(third));
    expect(started.status).toBe(201);
    court = started.body.id;
  }, 60_000);

  it("lists the PDU's variations newest first, each saying who and what (api.md), and audits the listing (R17)", async () => {
    const page = await listUntil(`pduCode=${pduCode}`, [triageOnly, awaitingApproval, court]);
    expect(page.items.map((item) => item.id)).toEqual([court, awaitingApproval, triageOnly]);
    expect(page.items.find((item) => item.id === triageOnly)).toEqual({
      id: triageOnly,
      status: 'AWAITING_TRIAGE',
      route: 'ADMINISTRATIVE',
      pduCode,
      person: { crn, firstName: 'Sam', lastName: 'Jones' },
      eventNumber: 1,
      changes: ['HOURS'],
      effectiveFrom: timesChange().change.effectiveFrom,
      practitioner: { name: 'Alex Smith' },
      submittedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      dueBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(page.items.find((item) => item.id === court)!.route).toBe('COURT');
    // Less than the view: no date of birth, no address.
    expect(JSON.stringify(page)).not.toMatch(/1990-04-01|High Street|LS1 1AA/);
    const audited = readFileSync(stack.auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { what: string; why: string });
    expect(audited).toContainEqual(
      expect.objectContaining({ what: 'SEARCH', why: 'GET /variations by pduCode' }),
    );
  });

  it('filters by status', async () => {
    await listUntil(`pduCode=${pduCode}&status=AWAITING_APPROVAL`, [awaitingApproval]);
    await listUntil(`pduCode=${pduCode}&status=AWAITING_TRIAGE`, [triageOnly]);
    await listUntil(`pduCode=${pduCode}&status=AWAITING_COURT_APPLICATION`, [court]);
  });

  it('filters by route', async () => {
    const courtOnly = await listUntil(`pduCode=${pduCode}&route=COURT`, [court]);
    expect(courtOnly.items[0]).toMatchObject({ route: 'COURT', status: 'AWAITING_COURT_APPLICATION' });
    await listUntil(`pduCode=${pduCode}&route=ADMINISTRATIVE`, [triageOnly, awaitingApproval]);
  });

  it('filters by CRN: this CRN finds all three, another none', async () => {
    await listUntil(`crn=${crn}&pduCode=${pduCode}`, [triageOnly, awaitingApproval, court]);
    const other = await list(`crn=X999999&pduCode=${pduCode}`);
    expect(other.items).toEqual([]);
  });

  it('pages: pageSize=2 gives a nextPageToken, and the next page has the rest', async () => {
    const all = [triageOnly, awaitingApproval, court];
    await listUntil(`pduCode=${pduCode}`, all);

    const first = await list(`pduCode=${pduCode}&pageSize=2`);
    expect(first.items).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));

    const second = await list(
      `pduCode=${pduCode}&pageSize=2&pageToken=${encodeURIComponent(first.nextPageToken!)}`,
    );
    expect(second.items).toHaveLength(1);
    expect(ids([...first.items, ...second.items])).toEqual([...all].sort());
  });

  it('400 for a status that is not one', async () => {
    const answer = await get(`/variations?pduCode=${pduCode}&status=DONE`, pduPractitioner);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('status');
  });

  it('400 for a page token in the wrong shape', async () => {
    const answer = await get(`/variations?pduCode=${pduCode}&pageToken=%7B%7D%21`, pduPractitioner);
    expect(answer.status).toBe(400);
  });

  it('400, not 500, for a well-shaped page token that no page gave', async () => {
    // base64url of "not-a-page-token": passes the pattern, so only the visibility store can refuse it.
    const answer = await get(
      `/variations?pduCode=${pduCode}&pageToken=bm90LWEtcGFnZS10b2tlbg`,
      pduPractitioner,
    );
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: expect.anything() });
  });
});
