// The ways a variation goes through the process in the fault suite, each to a known final state.
// The EMS simulator's rules, matched by the new address's postcode, choose what the provider does.
import { randomUUID } from 'node:crypto';
import type { VariationRequest } from '../../libs/domain/src/types';
import type { DecisionStep, Status, VariationView } from '../../libs/domain/src/variation';
import { emsEvents, sendEmsWebhook } from '../support/ems-webhooks';
import { call } from '../support/http';
import { addressChange, completeAddressChecks, timesChange } from '../support/requests';
import { inNDelius } from '../support/ndelius';
import type { Stack } from '../support/stack';
import { act, actOrFail, PROGRESS_TIMEOUT_MS, request, type Staff, submit, until } from './client';
import { figures, seen5xx } from './figures';

/** What the EMS provider does for a new address at these postcodes (LS2 2BB: confirms and installs). */
export const POSTCODES = {
  duplicatedAndReordered: 'LS8 8DR',
  visitFailsOnce: 'LS9 9NA',
  rejected: 'LS7 7RJ',
  heldForHandSentEvents: 'LS6 6HD',
};

export async function setEmsRules(stack: Stack): Promise<void> {
  const rules = [
    { match: { postcode: POSTCODES.duplicatedAndReordered }, duplicates: 3, reorder: true },
    { match: { postcode: POSTCODES.visitFailsOnce }, visitOutcomes: ['NO_ACCESS', 'INSTALLED'] },
    { match: { postcode: POSTCODES.rejected }, confirm: 'REJECT', rejectReason: 'Outside our service area' },
    { match: { postcode: POSTCODES.heldForHandSentEvents }, hold: true },
  ];
  for (const rule of rules) {
    const answer = await call(stack.emsUrl, 'POST', '/admin/rules', { body: rule });
    if (answer.status !== 201) throw new Error(`EMS rule refused: ${JSON.stringify(answer.body)}`);
  }
}

export interface Ending {
  id: string;
  expected: Status;
}

type Journey = (stack: Stack, staff: Staff) => Promise<Ending>;

const decided = (step: DecisionStep) => (v: VariationView) => v.decisions.some((d) => d.step === step);

const variationNotices = (v: VariationView) => v.notices.filter((n) => n.kind === 'VARIATION').length;

/** Every variation the journeys made, to find each in the list afterwards. */
export const submittedIds: string[] = [];

async function submitted(stack: Stack, staff: Staff, body: VariationRequest): Promise<string> {
  const id = await submit(stack, staff, body);
  submittedIds.push(id);
  figures.variations.run += 1;
  return id;
}

/** Submitted, its address checks recorded if it waits for them, triaged and approved. */
async function approved(stack: Stack, staff: Staff, body: VariationRequest): Promise<string> {
  const id = await submitted(stack, staff, body);
  const first = await until(stack, staff, id, 'submitted', (v) => v.timeline.length > 0);
  if (first.status === 'AWAITING_CHECKS') {
    await actOrFail(stack, staff.practitioner, id, 'checks', completeAddressChecks(), (v) =>
      v.timeline.some((e) => e.event === 'CHECKS_RECORDED'),
    );
  }
  await actOrFail(stack, staff.spo, id, 'triage', { decision: 'ACCEPT' }, decided('TRIAGE'));
  await actOrFail(stack, staff.pduHead, id, 'approval', { decision: 'APPROVE' }, decided('APPROVAL'));
  return id;
}

/** Waits until the PoP may be told (every Variation Notice sent, R14 and R15), tells them, and ends. */
async function told(stack: Stack, staff: Staff, id: string, notices: number): Promise<Ending> {
  await until(
    stack,
    staff,
    id,
    'ready to tell the PoP',
    (v) => v.status === 'AWAITING_POP_INFORMED' && variationNotices(v) === notices,
  );
  await actOrFail(
    stack,
    staff.practitioner,
    id,
    'pop-informed',
    { informedAt: new Date().toISOString(), method: 'IN_PERSON' },
    (v) => v.timeline.some((e) => e.event === 'POP_INFORMED'),
  );
  return { id, expected: 'COMPLETED' };
}

const withdraw = (stack: Stack, staff: Staff, id: string) =>
  actOrFail(stack, staff.practitioner, id, 'withdrawal', { reason: 'Circumstances changed again' }, (v) =>
    v.timeline.some((e) => e.event === 'WITHDRAWN'),
  );

/** An order whose curfew is not monitored, as nDelius has it. */
const unmonitored = (stack: Stack) => {
  const body = timesChange();
  body.curfew.electronicallyMonitored = false;
  return inNDelius(stack, body);
};

/** A move to a postcode the EMS rules know; its address checks now or (by default) later. */
export function moveTo(postcode: string, checked = false): VariationRequest {
  const body = addressChange();
  body.change.address!.postcode = postcode;
  if (checked) body.addressChecks = completeAddressChecks() as VariationRequest['addressChecks'];
  return body;
}

/** An EMS event sent by the test as the provider, the same webhook-id until the service takes it. */
async function sendAsProvider(stack: Stack, event: unknown, id = `msg_${randomUUID()}`): Promise<string> {
  const deadline = Date.now() + PROGRESS_TIMEOUT_MS;
  for (;;) {
    const answer = await sendEmsWebhook(stack, event, { id }).catch(() => undefined);
    if (answer?.status === 204) return id;
    if (!answer) figures.answers.noAnswer += 1;
    else if (answer.status === 503) figures.answers.unavailable503 += 1;
    else if (answer.status >= 500) seen5xx(`POST /webhooks/ems -> ${answer.status}`);
    else throw new Error(`The webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (Date.now() > deadline)
      throw new Error(`The webhook ${id} was not taken in ${PROGRESS_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Two people decide the same step at once: exactly one decision may win; the other gets 409. */
async function race(
  stack: Stack,
  id: string,
  step: DecisionStep,
  contenders: { token: string; body: object }[],
): Promise<VariationView['decisions'][number]> {
  figures.faults.decisionRaces += 1;
  const action = step === 'TRIAGE' ? 'triage' : 'approval';
  const answers = await Promise.all(
    contenders.map(({ token, body }) => act(stack, token, id, action, body, decided(step))),
  );
  const statuses = answers.map((answer) => answer?.status);
  figures.races.won200 += statuses.filter((status) => status === 200).length;
  figures.races.lost409 += statuses.filter((status) => status === 409).length;
  if (statuses.filter((status) => status === 200).length > 1) {
    throw new Error(`Two decisions on ${step} of ${id} were both accepted: ${statuses.join(', ')}`);
  }
  // Both answered: one must have won, the others refused.
  if (
    !statuses.includes(undefined) &&
    statuses.filter((status) => status === 409).length !== answers.length - 1
  ) {
    throw new Error(`Race on ${step} of ${id} answered ${statuses.join(', ')}`);
  }
  const { body } = await request(stack, 'GET', `/variations/${id}`, { token: contenders[0].token });
  return (body as VariationView).decisions.find((d) => d.step === step)!;
}

export const JOURNEYS: Record<string, Journey> = {
  unmonitoredTimes: async (stack, staff) =>
    told(stack, staff, await approved(stack, staff, await unmonitored(stack)), 2),

  monitoredTimes: async (stack, staff) => told(stack, staff, await approved(stack, staff, timesChange()), 3),

  move: async (stack, staff) => told(stack, staff, await approved(stack, staff, addressChange()), 3),

  moveWithDuplicatedReorderedWebhooks: async (stack, staff) => {
    figures.faults.webhooksReordered += 1;
    const id = await approved(stack, staff, moveTo(POSTCODES.duplicatedAndReordered));
    return told(stack, staff, id, 3);
  },

  visitFailsThenRebooked: async (stack, staff) => {
    const id = await approved(stack, staff, moveTo(POSTCODES.visitFailsOnce, true));
    await until(stack, staff, id, 'the failed visit', (v) => v.status === 'EMS_VISIT_FAILED');
    figures.faults.emsFailedVisits += 1;
    await actOrFail(stack, staff.practitioner, id, 'ems-visit', { action: 'REBOOK' }, (v) =>
      v.timeline.some((e) => e.event === 'EMS_VISIT_REBOOKED'),
    );
    return told(stack, staff, id, 3);
  },

  rejectedByEmsThenWithdrawn: async (stack, staff) => {
    const id = await approved(stack, staff, moveTo(POSTCODES.rejected));
    await until(stack, staff, id, "the provider's rejection", (v) => v.status === 'RETURNED');
    figures.faults.emsRejections += 1;
    await withdraw(stack, staff, id);
    return { id, expected: 'WITHDRAWN' };
  },

  rejectedAtTriage: async (stack, staff) => {
    const id = await submitted(stack, staff, timesChange());
    await actOrFail(
      stack,
      staff.spo,
      id,
      'triage',
      { decision: 'REJECT', reason: 'Not a change of circumstances' },
      decided('TRIAGE'),
    );
    return { id, expected: 'REJECTED' };
  },

  withdrawnBeforeTriage: async (stack, staff) => {
    const id = await submitted(stack, staff, timesChange());
    await withdraw(stack, staff, id);
    return { id, expected: 'WITHDRAWN' };
  },

  decisionsRaced: (stack, staff) => racedAtBothSteps(stack, staff),

  handSentEventsOutOfOrderAndRedelivered: async (stack, staff) => {
    const id = await approved(stack, staff, moveTo(POSTCODES.heldForHandSentEvents));
    const { ems } = await until(stack, staff, id, 'the EMS reference', (v) => !!v.ems?.reference);
    // The visit before the confirmation, each delivered twice under one webhook-id.
    const visit = emsEvents.visitCompleted(id, 'INSTALLED');
    await sendAsProvider(stack, visit, await sendAsProvider(stack, visit));
    figures.faults.webhooksReordered += 1;
    const confirmation = emsEvents.confirmed(id, ems!.reference!);
    await sendAsProvider(stack, confirmation, await sendAsProvider(stack, confirmation));
    figures.faults.webhooksRedeliveredByHand += 2;
    return told(stack, staff, id, 3);
  },
};

/** Triage and approval each decided by two at once; the winners decide how it ends. */
export async function racedAtBothSteps(stack: Stack, staff: Staff): Promise<Ending> {
  const id = await submitted(stack, staff, await unmonitored(stack));
  const triage = await race(stack, id, 'TRIAGE', [
    { token: staff.spo, body: { decision: 'ACCEPT' } },
    { token: staff.spo, body: { decision: 'REJECT', reason: 'Not eligible' } },
  ]);
  if (triage.decision === 'REJECT') return { id, expected: 'REJECTED' };
  const approval = await race(stack, id, 'APPROVAL', [
    { token: staff.pduHead, body: { decision: 'REJECT', reason: 'Clashes with a programme' } },
    { token: staff.pduHead, body: { decision: 'APPROVE' } },
  ]);
  return approval.decision === 'APPROVE' ? told(stack, staff, id, 2) : { id, expected: 'REJECTED' };
}

/** Runs `count` tasks, `parallel` at a time; how each ended or failed. */
export async function inParallel<T>(
  count: number,
  parallel: number,
  task: () => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  let started = 0;
  const runner = async () => {
    while (started < count) {
      started += 1;
      results.push(
        await task().then(
          (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
          (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: parallel }, runner));
  return results;
}
