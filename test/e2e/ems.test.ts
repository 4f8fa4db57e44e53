// The EMS provider over real HTTP: our notices go to the simulator, whose signed webhooks come back.
import { waitUntil } from '../../scripts/processes';
import { emsEvents, sendEmsWebhook } from '../support/ems-webhooks';
import { call } from '../support/http';
import { type Stack, startStack } from '../support/stack';
import { approvedMoveTo } from '../support/variations';

let stack: Stack;
let practitioner: string;

beforeAll(async () => {
  stack = await startStack({ ems: 'auto' });
  practitioner = await stack.token('practitioner');
}, 120_000);
afterAll(() => stack?.stop());

const view = async (id: string) =>
  (await call(stack.baseUrl, 'GET', `/variations/${id}`, { token: practitioner })).body;

async function statusBecomes(id: string, status: string): Promise<Record<string, never>> {
  await waitUntil(`${id} to be ${status}`, async () => (await view(id)).status === status, 30_000);
  return view(id);
}

const rule = (body: object) => call(stack.emsUrl, 'POST', '/admin/rules', { body });

it('an address change runs through the notice, the confirmation and the visit to AWAITING_POP_INFORMED', async () => {
  const id = await approvedMoveTo(stack, 'LS2 2BB');
  const ready = (await statusBecomes(id, 'AWAITING_POP_INFORMED')) as never as {
    ems: { reference: string; confirmedAt: string; visit: { outcome: string } };
    notices: { recipient: string; reference: string }[];
  };
  expect(ready.ems.visit.outcome).toBe('INSTALLED');
  expect(ready.ems.reference).toMatch(/^EMS-/);
  expect(ready.notices.find((n) => n.recipient === 'EMS')?.reference).toBe(ready.ems.reference);

  const notices = (await call(stack.emsUrl, 'GET', '/admin/notices')).body as {
    body: { variationId: string; variationTypes: string[] };
  }[];
  const ours = notices.filter((n) => n.body.variationId === id);
  expect(ours).toHaveLength(1);
  expect(ours[0].body.variationTypes).toEqual(['CHANGE_TO_ADDRESS']);
});

it('a NO_ACCESS visit goes to EMS_VISIT_FAILED; a rebook sends a new visit request, and the second visit succeeds', async () => {
  expect(
    (await rule({ match: { postcode: 'LS9 9NA' }, visitOutcomes: ['NO_ACCESS', 'INSTALLED'] })).status,
  ).toBe(201);
  const id = await approvedMoveTo(stack, 'LS9 9NA');
  const failed = (await statusBecomes(id, 'EMS_VISIT_FAILED')) as never as {
    ems: { visit: { outcome: string } };
  };
  expect(failed.ems.visit.outcome).toBe('NO_ACCESS');

  const rebooked = await call(stack.baseUrl, 'POST', `/variations/${id}/ems-visit`, {
    token: practitioner,
    body: { action: 'REBOOK' },
  });
  expect(rebooked.status).toBe(200);
  const ready = (await statusBecomes(id, 'AWAITING_POP_INFORMED')) as never as {
    ems: { visit: { outcome: string }; visitsRequested: number };
  };
  expect(ready.ems.visit.outcome).toBe('INSTALLED');
  expect(ready.ems.visitsRequested).toBe(2);

  const notices = (await call(stack.emsUrl, 'GET', '/admin/notices')).body as {
    body: { variationId: string };
    visitRequests: number;
  }[];
  expect(notices.find((n) => n.body.variationId === id)?.visitRequests).toBe(1);
});

it('takes duplicated and reordered webhooks from the provider with no second effect', async () => {
  await rule({ match: { postcode: 'LS8 8DR' }, duplicates: 3, reorder: true });
  const id = await approvedMoveTo(stack, 'LS8 8DR');
  const ready = (await statusBecomes(id, 'AWAITING_POP_INFORMED')) as never as {
    timeline: { event: string }[];
  };
  expect(ready.timeline.filter((e) => e.event === 'EMS_CONFIRMED')).toHaveLength(1);
  expect(ready.timeline.filter((e) => e.event === 'EMS_VISIT_COMPLETED')).toHaveLength(1);
  const deliveries = (await call(stack.emsUrl, 'GET', '/admin/deliveries')).body as {
    variationId: string;
    delivered: boolean;
  }[];
  const ours = deliveries.filter((d) => d.variationId === id);
  expect(ours.length).toBeGreaterThanOrEqual(6);
  expect(ours.every((d) => d.delivered)).toBe(true);
});

it("the provider's rejection sends the variation back to the practitioner with its reason", async () => {
  await rule({
    match: { postcode: 'LS7 7RJ' },
    confirm: 'REJECT',
    rejectReason: 'Address outside our service area',
  });
  const id = await approvedMoveTo(stack, 'LS7 7RJ');
  const returned = (await statusBecomes(id, 'RETURNED')) as never as {
    ems: { rejected: { reason: string } };
  };
  expect(returned.ems.rejected.reason).toBe('Address outside our service area');
});

it('takes a 409 (the notice still being processed) as "try again", and the notice goes through once it stops', async () => {
  const postcode = 'LS9 9BZ';
  expect((await rule({ match: { postcode }, busyFor: 2 })).status).toBe(201);
  const id = await approvedMoveTo(stack, postcode);
  const ready = (await statusBecomes(id, 'AWAITING_POP_INFORMED')) as never as {
    ems: { reference: string; visit: { outcome: string } };
    timeline: { event: string }[];
  };
  expect(ready.ems.visit.outcome).toBe('INSTALLED');
  // Not taken for a refusal: nothing went back to the practitioner, and the provider has one notice.
  expect(ready.timeline.map((e) => e.event)).not.toContain('EMS_REJECTED');
  const notices = (await call(stack.emsUrl, 'GET', '/admin/notices')).body as {
    body: { variationId: string };
  }[];
  expect(notices.filter((n) => n.body.variationId === id)).toHaveLength(1);
  // The provider answered the first two tries 409, and the worker tried again.
  const busy = stack.output.filter(
    (line) => line.startsWith('[ems]') && line.includes(`variation ${id}: 409, still processing`),
  );
  expect(busy).toHaveLength(2);
}, 60_000);

it('takes an event with fields the contract does not know yet (a provider adding fields must not break)', async () => {
  await rule({ match: { postcode: 'LS6 6HD' }, hold: true });
  const id = await approvedMoveTo(stack, 'LS6 6HD');
  await waitUntil('the EMS notice', async () => (await view(id)).ems?.reference, 30_000);
  const { ems } = await view(id);
  const event = emsEvents.confirmed(id, ems.reference);
  const answer = await sendEmsWebhook(stack, {
    ...event,
    version: 2,
    data: { ...event.data, engineer: 'E-17' },
  });
  expect(answer.status).toBe(204);
  expect((await view(id)).ems.confirmedAt).toBeTruthy();
});
