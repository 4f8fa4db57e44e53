// R15 with the EMS provider's events in every order they can come: late, early, twice, stale.
import type { WorkflowHandle } from '@temporalio/client';
import type { AddressChecks } from '../libs/domain/src/types';
import type { VariationView } from '../libs/domain/src/variation';
import { addressChange, completeAddressChecks, timesChange } from '../test/support/requests';
import {
  act,
  EMS_REFUSES_POSTCODE,
  eventually,
  type Harness,
  idOf,
  pduHead,
  practitioner,
  spo,
  startHarness,
  waitFor,
} from '../test/support/workflow-harness';
import {
  amendmentAction,
  approvalAction,
  emsEventSignal,
  rebookVisitAction,
  triageAction,
  viewQuery,
  withdrawalAction,
} from './messages';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
}, 120_000);
afterAll(() => harness?.stop());

/** An approved change of address, waiting for the EMS provider. */
async function approvedAddressChange(): Promise<WorkflowHandle> {
  const h = await harness.start({
    request: { ...addressChange(), addressChecks: completeAddressChecks() as AddressChecks },
  });
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  return h;
}

/** An event as the api passes it on: a signal, recorded once the server has it. */
const send = (h: WorkflowHandle, event: object, webhookId?: string) =>
  h.signal(emsEventSignal, { ...event, webhookId } as never);
const at = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
/** The fake EMS adapter's reference for a variation's notice. */
const referenceOf = (h: WorkflowHandle) => `EMS-${idOf(h).slice(0, 8)}`;
const confirmed = (h: WorkflowHandle) => ({
  type: 'variation.confirmed',
  reference: referenceOf(h),
  occurredAt: at(),
});
const visited = (outcome: string) => ({ type: 'visit.completed', outcome, occurredAt: at() });
const count = (view: VariationView, event: string) => view.timeline.filter((e) => e.event === event).length;

it('takes a visit reported before the confirmation, and applies them in the right order', async () => {
  const h = await approvedAddressChange();
  await send(h, visited('INSTALLED'));
  expect((await h.query(viewQuery)).status).toBe('AWAITING_EMS_CONFIRMATION');
  await send(h, confirmed(h));
  const view = await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  expect(view.ems).toMatchObject({ confirmedAt: expect.any(String), visit: { outcome: 'INSTALLED' } });
});

it('has no second effect when the same event is delivered four times', async () => {
  const h = await approvedAddressChange();
  for (let i = 0; i < 4; i += 1) await send(h, confirmed(h));
  const view = await eventually(h, (v) => v.status === 'AWAITING_EMS_VISIT');
  expect(view.ems?.confirmedAt).toBeTruthy();
  expect(count(view, 'EMS_CONFIRMED')).toBe(1);
  expect(harness.callsFor(idOf(h)).messages.filter((m) => m.about === 'EMS_CONFIRMED')).toHaveLength(1);
});

it('a failed visit waits for a rebook, asks the provider again, and ignores a late report of the failed visit', async () => {
  const h = await approvedAddressChange();
  await send(h, confirmed(h));
  await send(h, visited('NO_ACCESS'));
  const failed = await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
  expect(failed.ems?.visit?.outcome).toBe('NO_ACCESS');
  expect(harness.callsFor(idOf(h)).messages).toContainEqual(
    expect.objectContaining({ about: 'VISIT_FAILED', reason: 'NO_ACCESS' }),
  );

  const rebooked = await act(h, rebookVisitAction, { by: practitioner });
  expect(rebooked.status).toBe('AWAITING_EMS_VISIT');
  expect(rebooked.ems?.visitsRequested).toBe(2);
  await eventually(h, () => harness.callsFor(idOf(h)).visits.length === 1);

  // A report of the first visit arriving late must not count for the second.
  await send(h, { type: 'visit.completed', outcome: 'NO_ACCESS', occurredAt: failed.ems!.visit!.at });
  expect((await h.query(viewQuery)).status).toBe('AWAITING_EMS_VISIT');

  await send(h, visited('INSTALLED'));
  const done = await eventually(h, (v) => v.status === 'AWAITING_POP_INFORMED');
  expect(count(done, 'EMS_VISIT_COMPLETED')).toBe(2);
});

it('a failed visit may be withdrawn; whoever had the notice is told it no longer stands', async () => {
  const h = await approvedAddressChange();
  await send(h, confirmed(h));
  await send(h, visited('ADDRESS_UNSUITABLE'));
  await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
  const view = await act(h, withdrawalAction, { reason: 'Address unsuitable', by: practitioner });
  expect(view.status).toBe('WITHDRAWN');
  const done = (await h.result()) as VariationView;
  expect(
    done.notices
      .filter((n) => n.kind === 'WITHDRAWAL')
      .map((n) => n.recipient)
      .sort(),
  ).toEqual(['COURT', 'EMS', 'POLICE']);
});

const rejection = (h: WorkflowHandle) => ({
  type: 'variation.rejected',
  reference: referenceOf(h),
  reason: 'Postcode outside our area',
  occurredAt: at(),
});

it("the provider's rejection goes back to the practitioner, and the amended variation is decided again", async () => {
  const h = await approvedAddressChange();
  await send(h, rejection(h), 'rejection-webhook');
  const returned = await eventually(h, (v) => v.status === 'RETURNED');
  expect(returned.ems?.rejected?.reason).toBe('Postcode outside our area');
  await waitFor('the practitioner to be told', () =>
    harness
      .callsFor(idOf(h))
      .messages.some((m) => m.about === 'RETURNED' && m.reason === 'Postcode outside our area'),
  );

  // Amended and approved again: the new notice goes out, and the old rejection is delivered again.
  const { change } = await h.query(viewQuery);
  await act(h, amendmentAction, { change, note: 'Address confirmed', by: practitioner });
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  await send(h, rejection(h), 'rejection-webhook');
  await send(h, confirmed(h));
  const confirmedAgain = await eventually(h, (v) => v.status === 'AWAITING_EMS_VISIT');
  expect(count(confirmedAgain, 'EMS_REJECTED')).toBe(1);
});

it('leaves an EMS event that comes before approval: there is no notice it could answer', async () => {
  const h = await harness.start();
  await send(h, confirmed(h));
  // The SPO's decision comes after the event, so the workflow has taken the event by then.
  const triaged = await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  expect(triaged.status).toBe('AWAITING_APPROVAL');
  expect(triaged.ems).toBeNull();
  expect(count(triaged, 'EMS_CONFIRMED')).toBe(0);
});

it("a notice the provider refuses (4xx) goes back to the practitioner with the provider's message", async () => {
  const request = timesChange();
  request.curfew.address.postcode = EMS_REFUSES_POSTCODE;
  const h = await harness.start({ request });
  await act(h, triageAction, { decision: 'ACCEPT', by: spo });
  await act(h, approvalAction, { decision: 'APPROVE', by: pduHead });
  const returned = await eventually(h, (v) => v.status === 'RETURNED');
  expect(returned.ems?.rejected?.reason).toContain('address outside our area');
  expect(returned.notices.map((n) => n.recipient).sort()).toEqual(['COURT', 'POLICE']);
  await waitFor('the practitioner to be told', () =>
    harness
      .callsFor(idOf(h))
      .messages.some((m) => m.about === 'RETURNED' && m.reason?.includes('outside our area') === true),
  );
});

it('a visit request the provider refuses goes back to waiting for a rebook, with its reason', async () => {
  const h = await approvedAddressChange();
  await send(h, confirmed(h));
  await send(h, visited('NO_ACCESS'));
  await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
  harness.calls.refuseVisits = true;
  try {
    await act(h, rebookVisitAction, { by: practitioner });
    const refused = await eventually(h, (v) =>
      v.timeline.some((e) => e.event === 'EMS_VISIT_REQUEST_REFUSED'),
    );
    expect(refused.timeline.at(-1)?.note).toContain('no open visit');
    await eventually(h, (v) => v.status === 'EMS_VISIT_FAILED');
  } finally {
    harness.calls.refuseVisits = false;
  }
  // Rebooking again works once the provider takes the request.
  expect((await act(h, rebookVisitAction, { by: practitioner })).status).toBe('AWAITING_EMS_VISIT');
});

it('a refusal after the provider sent it back tells the court, police and provider that the notice lapsed', async () => {
  const h = await approvedAddressChange();
  await send(h, {
    type: 'variation.rejected',
    reference: `EMS-${idOf(h).slice(0, 8)}`,
    reason: 'Outside our area',
    occurredAt: at(),
  });
  await eventually(h, (v) => v.status === 'RETURNED');
  await act(h, amendmentAction, {
    change: { ...addressChange().change, circumstances: 'Moving to a flat nearby' },
    by: practitioner,
  });
  await act(h, triageAction, { decision: 'REJECT', reason: 'No suitable address', by: spo });
  const done = (await h.result()) as VariationView;
  expect(done.status).toBe('REJECTED');
  expect(
    done.notices
      .filter((n) => n.kind === 'WITHDRAWAL')
      .map((n) => n.recipient)
      .sort(),
  ).toEqual(['COURT', 'EMS', 'POLICE']);
});

it('ignores an answer about an earlier notice of the same variation', async () => {
  const h = await approvedAddressChange();
  await eventually(h, (v) => !!v.ems?.reference);
  await send(h, { type: 'variation.confirmed', reference: 'EMS-SOMETHING-ELSE', occurredAt: at() });
  const view = await h.query(viewQuery);
  expect(view.ems?.confirmedAt).toBeNull();
  expect(view.status).toBe('AWAITING_EMS_CONFIRMATION');
});
