// The court route (domain.md): application, decision, then the court's own terms to EMS and the PoP.
import type { VariationView } from '../libs/domain/src/variation';
import type { AddressChecks, Change } from '../libs/domain/src/types';
import { completeAddressChecks, daysFromToday, timesChange } from '../test/support/requests';
import {
  act,
  ActionRefused,
  emsEvent,
  emsReferenceOf,
  eventually,
  type Harness,
  idOf,
  practitioner,
  refusal,
  startHarness,
  waitFor,
} from '../test/support/workflow-harness';
import {
  courtApplicationAction,
  courtDecisionAction,
  emsEventSignal,
  popInformedAction,
  rebookVisitAction,
  viewQuery,
  withdrawalAction,
} from './messages';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
}, 120_000);
afterAll(() => harness?.stop());

/** A change only a court can make: fewer hours on Monday (R7). */
function hoursChange() {
  const request = timesChange();
  request.change.periods = [{ day: 'MONDAY', start: '20:00', end: '06:00' }, request.change.periods![1]];
  return request;
}

const lodge = (h: Awaited<ReturnType<Harness['start']>>) =>
  act(h, courtApplicationAction, {
    lodgedAt: daysFromToday(0),
    hearingDate: daysFromToday(14),
    by: practitioner,
  });

/** The court's grant of `change`, recorded today. */
const grant = (h: Awaited<ReturnType<Harness['start']>>, change: Change) =>
  act(h, courtDecisionAction, { decision: 'GRANTED', decidedAt: daysFromToday(0), change, by: practitioner });

it('a grant sends the terms the court ordered to the EMS provider, then the PoP is told', async () => {
  const h = await harness.start({ request: hoursChange(), court: true });
  expect((await h.query(viewQuery)).status).toBe('AWAITING_COURT_APPLICATION');
  expect((await lodge(h)).status).toBe('AWAITING_COURT_DECISION');

  const ordered = {
    ...hoursChange().change,
    circumstances: 'As ordered by the court',
    periods: [{ day: 'MONDAY' as const, start: '21:00', end: '06:00' }],
  };
  const granted = await grant(h, ordered);
  expect(granted.status).toBe('AWAITING_EMS_CONFIRMATION');
  expect(granted.change).toEqual(ordered);

  await eventually(h, (v) => v.notices.length === 1);
  await h.signal(emsEventSignal, {
    type: 'variation.confirmed',
    reference: `EMS-${idOf(h).slice(0, 8)}`,
    occurredAt: new Date().toISOString(),
  });
  await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  await act(h, popInformedAction, {
    informedAt: new Date().toISOString(),
    method: 'VIDEO',
    by: practitioner,
  });
  const done = (await h.result()) as VariationView;
  expect(done.status).toBe('COMPLETED');
  expect(done.route).toBe('COURT');
  // The court made the order: only the EMS provider needs the notice.
  expect(harness.callsFor(idOf(h)).notices.map((n) => n.recipient)).toEqual(['EMS']);
  expect(done.timeline.map((e) => e.event)).toEqual(
    expect.arrayContaining([
      'COURT_APPLICATION_LODGED',
      'COURT_GRANTED',
      'EMS_CONFIRMED',
      'CONTACT_RECORDED',
    ]),
  );
});

it('an EMS rejection of the granted terms goes back to the court, and the practitioner is told why', async () => {
  const h = await harness.start({ request: hoursChange(), court: true });
  await lodge(h);
  await grant(h, hoursChange().change);
  await eventually(h, (v) => v.notices.length === 1);
  await h.signal(emsEventSignal, {
    type: 'variation.rejected',
    reference: `EMS-${idOf(h).slice(0, 8)}`,
    reason: 'Postcode outside our area',
    occurredAt: new Date().toISOString(),
  });
  const back = await eventually(h, (v) => v.status === 'AWAITING_COURT_DECISION');
  expect(back.court?.decision).toBeNull();
  const rejected = () => harness.callsFor(idOf(h)).messages.find((m) => m.about === 'EMS_REJECTED');
  await waitFor('the practitioner to be told', () => !!rejected());
  expect(rejected()).toMatchObject({
    to: 'PRACTITIONER',
    reason: 'Postcode outside our area',
    status: 'AWAITING_COURT_DECISION',
  });
});

it('a refusal ends it as REFUSED_BY_COURT', async () => {
  const h = await harness.start({ request: hoursChange(), court: true });
  await lodge(h);
  const refused = await act(h, courtDecisionAction, {
    decision: 'REFUSED',
    decidedAt: daysFromToday(0),
    by: practitioner,
  });
  expect(refused.status).toBe('REFUSED_BY_COURT');
  expect(refused.refusal?.reason).toBe('Refused by the court');
  expect(refused.refusal?.nextSteps).toBe(
    'The court refused the variation: the curfew requirement continues as it was.',
  );
  expect(((await h.result()) as VariationView).status).toBe('REFUSED_BY_COURT');
});

it('an unmonitored curfew goes from the grant to telling the PoP, with no notice to send', async () => {
  const request = hoursChange();
  request.curfew.electronicallyMonitored = false;
  const h = await harness.start({ request, court: true });
  await lodge(h);
  const granted = await grant(h, request.change);
  expect(granted.status).toBe('AWAITING_POP_INFORMED');
  await act(h, popInformedAction, {
    informedAt: new Date().toISOString(),
    method: 'PHONE',
    by: practitioner,
  });
  expect(((await h.result()) as VariationView).status).toBe('COMPLETED');
  expect(harness.callsFor(idOf(h)).notices).toEqual([]);
});

it('refuses terms that would make an unlawful curfew (R12), a decision before the application, and a second application', async () => {
  const h = await harness.start({ request: hoursChange(), court: true });
  expect(
    await refusal(
      act(h, courtDecisionAction, { decision: 'REFUSED', decidedAt: daysFromToday(0), by: practitioner }),
    ),
  ).toBe('INVALID_STATE');
  await lodge(h);
  expect(await refusal(lodge(h))).toBe('INVALID_STATE');
  const unlawful = {
    ...hoursChange().change,
    periods: [{ day: 'MONDAY' as const, start: '01:00', end: '23:00' }],
  };
  expect(await refusal(grant(h, unlawful))).toBe('RULES_BROKEN');
});

it('may be withdrawn while waiting for the court', async () => {
  const h = await harness.start({ request: hoursChange(), court: true });
  await lodge(h);
  const view = await act(h, withdrawalAction, { reason: 'Circumstances changed back', by: practitioner });
  expect(view.status).toBe('WITHDRAWN');
});

describe('a failed visit after the court has granted it (domain.md, the court route)', () => {
  /** A move only a court can make, granted, its notice confirmed, and the first visit failed. */
  async function grantedThenVisitFailed() {
    const request = { ...hoursChange(), addressChecks: completeAddressChecks() as AddressChecks };
    request.change.address = { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' };
    const h = await harness.start({ request, court: true });
    await lodge(h);
    await grant(h, request.change);
    await emsEvent(h, { type: 'variation.confirmed', reference: await emsReferenceOf(h) });
    await emsEvent(h, { type: 'visit.completed', outcome: 'NO_ACCESS' });
    await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
    return h;
  }

  it("cannot be withdrawn: the court's order stands", async () => {
    const h = await grantedThenVisitFailed();
    const failure = await act(h, withdrawalAction, { reason: 'Moving on', by: practitioner }).catch(
      (error: ActionRefused) => error,
    );
    expect(failure).toBeInstanceOf(ActionRefused);
    expect((failure as ActionRefused).type).toBe('INVALID_STATE');
    expect((failure as ActionRefused).message).toMatch(
      /The court granted this variation on \d{4}-\d{2}-\d{2}: its order stands/,
    );
    expect((await h.query(viewQuery)).status).toBe('EMS_VISIT_FAILED');
  });

  it("goes back to the court, and a new grant runs the EMS steps again with the court's new terms", async () => {
    const h = await grantedThenVisitFailed();
    expect((await lodge(h)).status).toBe('AWAITING_COURT_DECISION');
    const newTerms = {
      ...hoursChange().change,
      circumstances: 'The court ordered another address',
      address: { line1: '9 Elm Street', town: 'Leeds', postcode: 'LS9 9ZZ' },
    };
    const regranted = await grant(h, newTerms);
    expect(regranted.status).toBe('AWAITING_EMS_CONFIRMATION');
    // A second notice to the provider, with the new address.
    await waitFor('the second notice', () => harness.callsFor(idOf(h)).notices.length === 2);
    await emsEvent(h, { type: 'variation.confirmed', reference: await emsReferenceOf(h) });
    await emsEvent(h, { type: 'visit.completed', outcome: 'INSTALLED' });
    const ready = await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
    expect(ready.change.address?.postcode).toBe('LS9 9ZZ');
  });

  it('a refusal leaves the first grant standing, back at the failed visit, to rebook', async () => {
    const h = await grantedThenVisitFailed();
    await lodge(h);
    const refused = await act(h, courtDecisionAction, {
      decision: 'REFUSED',
      decidedAt: daysFromToday(0),
      by: practitioner,
    });
    const back = await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
    expect(refused.timeline.map((e) => e.event)).toContain('COURT_REFUSED');
    expect(back.court?.decision?.decision).toBe('GRANTED');
    await act(h, rebookVisitAction, { by: practitioner });
    await emsEvent(h, { type: 'visit.completed', outcome: 'INSTALLED' });
    await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  });
});
