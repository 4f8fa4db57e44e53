// Issue 24: a rolling upgrade with variations in flight, on whichever Temporal server the suite runs
// (the full server under `npm run test:cluster`). Release A is the whole service as commit 6931806
// built it, the last before issue 23 changed the workflows (guarded by patched(): R9 at approval, the
// court's grant standing, back to the court after a failed visit). Release B is this checkout.
// Variations are brought to every kind of step on A alone; then, in the release order of
// docs/operations.md, B's worker starts beside A's, A's worker stops gracefully, B's api replaces A's,
// and every variation is driven to its end on B. What A recorded must replay on B's workflow code, no
// workflow task may fail, and the patched changes must apply to A's variations from the upgrade on.
import { randomUUID } from 'node:crypto';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { VariationRequest } from '../../libs/domain/src/types';
import { readyToTellPop, type VariationView } from '../../libs/domain/src/variation';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { emsEvents, sendEmsWebhook } from '../support/ems-webhooks';
import { type Answer, call } from '../support/http';
import { inNDelius } from '../support/ndelius';
import { addressChange, completeAddressChecks, daysFromToday, timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/variations';
import { workflowBundle } from '../support/workflow-worker';
import { olderBuild } from './older-build';

/** Release A: the commit before 7e367f2 (issue 23's domain answers, each guarded by patched()). */
const RELEASE_A = '6931806';
const PATCHES = ['r9-householder-consent-before-approval', 'court-grant-stands', 'court-route-back-to-court'];
/** How long one step may take: the first task of a variation after A has gone may wait out A's sticky queue. */
const STEP_MS = 60_000;

let stack: Stack;
/** The stack as a caller sees it: A's api until B's replaces it. */
let api: Stack;
let practitioner: string;
let spo: string;
let pduHead: string;

beforeAll(async () => {
  const a = await olderBuild(RELEASE_A);
  // 'worker' and 'api' run A's build, 'worker-2' and 'api-2' this checkout's; B's wait stopped.
  stack = await startStack({
    workers: 2,
    apis: 2,
    entries: { worker: a.entry('worker'), api: a.entry('api') },
    ems: 'hold',
  });
  await Promise.all([stack.stopProcess('worker-2'), stack.stopProcess('api-2')]);
  api = stack;
  practitioner = await stack.token('practitioner', { user: 'alex.smith' });
  spo = await stack.token('spo', { user: 'sam.spo' });
  pduHead = await stack.token('pdu-head', { user: 'pat.head' });
}, 300_000);

afterAll(() => stack?.stop());

// --- Talking to the service as its staff and the EMS provider do ------------------------------------

/**
 * A call answered, asked again while the api answers 503: the variation has the action but no worker
 * has taken it yet, or cannot answer a read just now (a worker going away); api.md tells a client to
 * try again, an action with the same Idempotency-Key.
 */
const answered = (what: string, send: () => Promise<Answer>) =>
  eventually(
    what,
    send,
    (answer) => answer.status !== 503,
    (answer) => answer.body,
    STEP_MS,
    500,
  );

const read = async (id: string): Promise<VariationView> => {
  const answer = await answered(`variation ${id} to answer`, () =>
    call(api.baseUrl, 'GET', `/variations/${id}`, { token: practitioner }),
  );
  if (answer.status !== 200) throw new Error(`GET ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

const until = (id: string, what: string, ok: (view: VariationView) => boolean) =>
  eventually(
    `${what} (variation ${id})`,
    () => read(id),
    ok,
    (view) => ({ status: view.status, ems: view.ems, events: view.timeline.map((e) => e.event) }),
    STEP_MS,
    200,
  );

/** An action as the variation answers it, refusals included. */
const attempt = (id: string, action: string, token: string, body: object) => {
  const key = randomUUID();
  return answered(`${action} to be taken (variation ${id})`, () =>
    call(api.baseUrl, 'POST', `/variations/${id}/${action}`, {
      token,
      body,
      headers: { 'idempotency-key': key },
    }),
  );
};

/** An action that must be taken. */
async function act(id: string, action: string, token: string, body: object): Promise<VariationView> {
  const answer = await attempt(id, action, token, body);
  if (answer.status !== 200)
    throw new Error(`${action} on ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function asProvider(event: object): Promise<void> {
  const answer = await sendEmsWebhook(api, event);
  if (answer.status !== 204)
    throw new Error(`The EMS webhook: ${answer.status} ${JSON.stringify(answer.body)}`);
}

async function submit(path: '/variations' | '/court-variations', body: VariationRequest): Promise<string> {
  const answer = await call(api.baseUrl, 'POST', path, { token: practitioner, body });
  if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

const decision = (decision: 'ACCEPT' | 'APPROVE') => ({ decision });
const confirmed = async (id: string) => {
  const { ems } = await until(id, 'its EMS notice', (v) => !!v.ems?.reference);
  await asProvider(emsEvents.confirmed(id, ems!.reference!));
};
const moved = (id: string, from: VariationView['status']) =>
  until(id, `a step on from ${from}`, (v) => v.status !== from);

/**
 * Takes each step the variation waits for, as its staff and the EMS provider would (every answer
 * yes, every visit installs), until it has COMPLETED.
 */
async function toCompletion(id: string): Promise<VariationView> {
  for (;;) {
    const view = await read(id);
    switch (view.status) {
      case 'COMPLETED':
        return view;
      case 'AWAITING_CHECKS':
        await act(id, 'checks', practitioner, completeAddressChecks());
        break;
      case 'AWAITING_TRIAGE':
        await act(id, 'triage', spo, decision('ACCEPT'));
        break;
      case 'AWAITING_APPROVAL':
        await act(id, 'approval', pduHead, decision('APPROVE'));
        break;
      case 'AWAITING_COURT_DECISION':
        await act(id, 'court-decision', practitioner, {
          decision: 'GRANTED',
          decidedAt: daysFromToday(0),
          change: view.change,
        });
        break;
      case 'AWAITING_EMS_CONFIRMATION':
        await confirmed(id);
        await moved(id, view.status);
        break;
      case 'AWAITING_EMS_VISIT':
        await asProvider(emsEvents.visitCompleted(id, 'INSTALLED'));
        await moved(id, view.status);
        break;
      case 'AWAITING_POP_INFORMED':
        await until(id, 'every Variation Notice sent', readyToTellPop);
        await act(id, 'pop-informed', practitioner, {
          informedAt: new Date().toISOString(),
          method: 'IN_PERSON',
        });
        await until(id, 'COMPLETED', (v) => v.status === 'COMPLETED');
        break;
      default:
        throw new Error(`Variation ${id} is ${view.status}, not on its way to COMPLETED`);
    }
  }
}

// --- The requests ---------------------------------------------------------------------------------

/** A move, its address checks given with the submission; the householder consenting or not (R9). */
const move = (householderConsents = true): VariationRequest => {
  const checks = completeAddressChecks();
  checks.householder.consented = householderConsents;
  return { ...addressChange(), addressChecks: checks as VariationRequest['addressChecks'] };
};

/** A conviction before 28 June 2022, as nDelius has it: only the court can vary this curfew (R2). */
const preCommencement = (request: VariationRequest) => {
  request.order.convictionDate = '2022-06-27';
  return inNDelius(stack, request);
};

const submitted = async (request: VariationRequest) => submit('/variations', request);
const triaged = async (request: VariationRequest) => {
  const id = await submitted(request);
  await act(id, 'triage', spo, decision('ACCEPT'));
  return id;
};
const approved = async (request: VariationRequest) => {
  const id = await triaged(request);
  await act(id, 'approval', pduHead, decision('APPROVE'));
  return id;
};
const lodged = async (request: VariationRequest) => {
  const id = await submit('/court-variations', await preCommencement(request));
  await act(id, 'court-application', practitioner, { lodgedAt: daysFromToday(0) });
  return id;
};

// --- The variations in flight, and what A leaves each waiting for ------------------------------------

interface InFlight {
  /** How A brings it to its step; the status it then waits in. */
  start: () => Promise<string>;
  step: VariationView['status'];
  id?: string;
}

const inFlight: Record<string, InFlight> = {
  checks: { step: 'AWAITING_CHECKS', start: () => submitted(addressChange()) },
  triage: { step: 'AWAITING_TRIAGE', start: () => submitted(timesChange()) },
  approval: { step: 'AWAITING_APPROVAL', start: () => triaged(timesChange()) },
  // The PDU Head has not decided yet: from the upgrade on, R9 refuses the approval (patched).
  r9Undecided: { step: 'AWAITING_APPROVAL', start: () => triaged(move(false)) },
  // A approved it without the householder's consent, as it then did: that decision stands on B.
  r9ApprovedOnA: {
    step: 'AWAITING_EMS_CONFIRMATION',
    start: async () => {
      const id = await approved(move(false));
      await until(id, 'its EMS notice', (v) => !!v.ems?.reference);
      return id;
    },
  },
  emsConfirmation: {
    step: 'AWAITING_EMS_CONFIRMATION',
    start: async () => {
      const id = await approved(timesChange());
      await until(
        id,
        'the notices to court, police and EMS',
        (v) => v.notices.length === 3 && !!v.ems?.reference,
      );
      return id;
    },
  },
  emsVisit: {
    step: 'AWAITING_EMS_VISIT',
    start: async () => {
      const id = await approved(move());
      await confirmed(id);
      await until(id, 'AWAITING_EMS_VISIT', (v) => v.status === 'AWAITING_EMS_VISIT');
      return id;
    },
  },
  popInformed: {
    step: 'AWAITING_POP_INFORMED',
    start: async () => {
      const id = await approved(move());
      await confirmed(id);
      await asProvider(emsEvents.visitCompleted(id, 'INSTALLED'));
      await until(id, 'every notice, and the PoP to be told', readyToTellPop);
      return id;
    },
  },
  courtDecision: { step: 'AWAITING_COURT_DECISION', start: () => lodged(timesChange()) },
  // The court granted a move and its visit failed. From the upgrade on its grant stands (no
  // withdrawal) and the practitioner may go back to the court (both patched).
  courtVisitFailed: {
    step: 'EMS_VISIT_FAILED',
    start: async () => {
      const request = move();
      const id = await lodged(request);
      await act(id, 'court-decision', practitioner, {
        decision: 'GRANTED',
        decidedAt: daysFromToday(0),
        change: request.change,
      });
      await confirmed(id);
      await asProvider(emsEvents.visitCompleted(id, 'NO_ACCESS'));
      await until(id, 'EMS_VISIT_FAILED', (v) => v.status === 'EMS_VISIT_FAILED');
      return id;
    },
  },
};

/** Variations started during the upgrade, while both workers polled: their tasks go to either. */
const startedWhileBothRan: string[] = [];
const ids = () => [...Object.values(inFlight).map(({ id }) => id!), ...startedWhileBothRan];
const handle = (id: string) => stack.temporal.env.client.workflow.getHandle(`variation-${id}`);

/** Nothing in hand: no workflow task and no activity pending, so its history stands still. */
const settled = (id: string) =>
  eventually(
    `variation ${id} to settle`,
    async () => (await handle(id).describe()).raw,
    (raw) => !raw.pendingWorkflowTask && !raw.pendingActivities?.length,
    (raw) => ({ task: raw.pendingWorkflowTask, activities: raw.pendingActivities?.length }),
    STEP_MS,
    200,
  );

type History = proto.api.history.v1.IHistory;
const histories = async () =>
  new Map(await Promise.all(ids().map(async (id) => [id, await handle(id).fetchHistory()] as const)));

/** What the figures say, printed at the end. */
const figures = {
  inFlightByStep: {} as Record<string, number>,
  startedWhileBothRan: 0,
  endedByStatus: {} as Record<string, number>,
  workflowTasks: { byAAlone: 0, whileBothRan: { byA: 0, byB: 0 }, afterAStopped: { byA: 0, byB: 0 } },
  workflowTaskFailures: 0,
  replayed: { recordedByA: 0, final: 0, nondeterministic: 0 },
  durationMs: { onAAlone: 0, upgrade: 0, onB: 0 },
};

/** The build id of the worker that completed each workflow task: a hash of its workflow bundle. */
const buildIds = (history: History, fromEvent = 0, toEvent = Infinity) =>
  (history.events ?? [])
    .filter(
      (e) =>
        e.workflowTaskCompletedEventAttributes &&
        Number(e.eventId) > fromEvent &&
        Number(e.eventId) <= toEvent,
    )
    .map((e) => e.workflowTaskCompletedEventAttributes!.workerVersion?.buildId ?? '');

/** The patches a history records (the SDK's core_patch markers, their id in plain JSON). */
const markers = (history: History) =>
  (history.events ?? []).flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    const payload =
      marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0] : undefined;
    return payload?.data ? [(JSON.parse(Buffer.from(payload.data).toString()) as { id: string }).id] : [];
  });

/** Replays each history on this checkout's workflow code: the workflow ids that did not replay, and why. */
async function replayOnB(all: Map<string, History>): Promise<string[]> {
  const failures: string[] = [];
  const results = Worker.runReplayHistories(
    {
      workflowBundle: await workflowBundle(),
      dataConverter: dataConverter(stack.temporal.secrets),
      // Registered, though not called in replay: else each call is logged as an unknown sink.
      sinks: { record: { publish: { fn: () => undefined } } },
    },
    [...all].map(([id, history]) => ({ workflowId: `variation-${id}`, history })),
  );
  for await (const { workflowId, error } of results)
    if (error) failures.push(`${workflowId}: ${error.message}`);
  return failures;
}

let recordedByA: Map<string, History>;
let buildA: string;
let lastEventBeforeB: Map<string, number>;
let lastEventWithA: Map<string, number>;

describe('a rolling upgrade from release A to B with variations in flight', () => {
  it('A alone brings variations to every kind of step', async () => {
    const began = Date.now();
    for (const variation of Object.values(inFlight)) variation.id = await variation.start();
    for (const { id, step } of Object.values(inFlight)) {
      expect((await read(id!)).status).toBe(step);
      figures.inFlightByStep[step] = (figures.inFlightByStep[step] ?? 0) + 1;
    }
    // A's own rules, before the upgrade: it approved without the householder's consent.
    expect((await read(inFlight.r9ApprovedOnA.id!)).decisions.map((d) => d.decision)).toEqual([
      'ACCEPT',
      'APPROVE',
    ]);
    await Promise.all(ids().map(settled));
    recordedByA = await histories();
    lastEventBeforeB = new Map([...recordedByA].map(([id, h]) => [id, h.events!.length]));
    const built = new Set([...recordedByA.values()].flatMap((h) => buildIds(h)));
    expect(built.size).toBe(1);
    [buildA] = built;
    figures.workflowTasks.byAAlone = [...recordedByA.values()].flatMap((h) => buildIds(h)).length;
    figures.durationMs.onAAlone = Date.now() - began;
  }, 300_000);

  it("B's worker starts beside A's, which then stops gracefully, and B's api replaces A's", async () => {
    const began = Date.now();
    await stack.restart('worker-2');
    // Both poll the task queue: the variations go on, and new ones start, on either.
    startedWhileBothRan.push(
      await submitted(timesChange()),
      await submitted(addressChange()),
      await triaged(move()),
      await lodged(timesChange()),
    );
    figures.startedWhileBothRan = startedWhileBothRan.length;
    await act(inFlight.triage.id!, 'triage', spo, decision('ACCEPT'));
    await confirmed(inFlight.emsConfirmation.id!);
    await moved(inFlight.emsConfirmation.id!, 'AWAITING_EMS_CONFIRMATION');
    await Promise.all(ids().map(settled));

    // Gracefully: its Temporal worker drained and stopped, and the process went before the grace time ended.
    expect(await stack.stopProcess('worker')).not.toBe('SIGKILL');
    expect(
      stack.output.filter((l) => l.startsWith('[worker] ') && l.includes('"state":"STOPPED"')),
    ).toHaveLength(1);
    const withA = await histories();
    lastEventWithA = new Map([...withA].map(([id, h]) => [id, h.events!.length]));

    // Workers first, then the api (docs/operations.md, release order).
    await stack.restart('api-2');
    expect(await stack.stopProcess('api')).not.toBe('SIGKILL');
    api = { ...stack, baseUrl: stack.baseUrls[1] };
    figures.durationMs.upgrade = Date.now() - began;
  }, 180_000);

  it('B takes every variation A left to its end, applying the patched changes from the upgrade on', async () => {
    const began = Date.now();
    const { r9Undecided, courtVisitFailed } = inFlight;

    // R9, patched: the PDU Head cannot approve without the householder's consent; returned, consent
    // recorded, sent again.
    const refused = await attempt(r9Undecided.id!, 'approval', pduHead, decision('APPROVE'));
    expect({ status: refused.status, body: refused.body }).toMatchObject({
      status: 422,
      body: { error: 'NOT_ELIGIBLE', rules: ['R9'] },
    });
    await act(r9Undecided.id!, 'approval', pduHead, { decision: 'RETURN', reason: 'No householder consent' });
    await act(r9Undecided.id!, 'checks', practitioner, { householder: completeAddressChecks().householder });
    await act(r9Undecided.id!, 'amendment', practitioner, {
      change: (await read(r9Undecided.id!)).change,
      note: 'The householder now consents',
    });

    // The court's grant stands, patched: no withdrawal; back to the court, which orders another address.
    const withdrawal = await attempt(courtVisitFailed.id!, 'withdrawal', practitioner, {
      reason: 'Moving on',
    });
    expect(withdrawal.status).toBe(409);
    expect(withdrawal.body.message).toMatch(/The court granted this variation on .*: its order stands/);
    await act(courtVisitFailed.id!, 'court-application', practitioner, { lodgedAt: daysFromToday(0) });
    const elsewhere = { ...(await read(courtVisitFailed.id!)).change };
    elsewhere.address = { line1: '9 Elm Street', town: 'Leeds', postcode: 'LS9 9ZZ' };
    await act(courtVisitFailed.id!, 'court-decision', practitioner, {
      decision: 'GRANTED',
      decidedAt: daysFromToday(0),
      change: elsewhere,
    });
    await until(
      courtVisitFailed.id!,
      'the second notice to EMS',
      (v) =>
        v.notices.filter((n) => n.recipient === 'EMS').length === 2 &&
        !!v.ems?.reference &&
        !v.ems.confirmedAt,
    );

    const ended = await Promise.all(ids().map(toCompletion));
    for (const view of ended)
      figures.endedByStatus[view.status] = (figures.endedByStatus[view.status] ?? 0) + 1;
    expect(ended.map((v) => v.status)).toEqual(ids().map(() => 'COMPLETED'));
    expect(ended.find((v) => v.id === courtVisitFailed.id)!.change.address?.postcode).toBe('LS9 9ZZ');
    figures.durationMs.onB = Date.now() - began;
  }, 300_000);

  it('no workflow task failed; what A recorded, and every whole history, replays on B; B ran every task after A stopped', async () => {
    await Promise.all(ids().map(settled));
    const final = await histories();

    const failed = [...final].flatMap(([id, h]) =>
      (h.events ?? [])
        .filter((e) => e.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        .map(
          (e) =>
            `${id}: ${proto.api.enums.v1.WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes!.cause!]}`,
        ),
    );
    figures.workflowTaskFailures = failed.length;
    expect(failed).toEqual([]);

    const beforeB = await replayOnB(recordedByA);
    const whole = await replayOnB(final);
    figures.replayed = {
      recordedByA: recordedByA.size - beforeB.length,
      final: final.size - whole.length,
      nondeterministic: beforeB.length + whole.length,
    };
    expect({ beforeB, whole }).toEqual({ beforeB: [], whole: [] });

    // Which code ran what: A's bundle alone before B started, B's alone once A had stopped.
    const during = [...final].flatMap(([id, h]) =>
      buildIds(h, lastEventBeforeB.get(id), lastEventWithA.get(id)),
    );
    const after = [...final].flatMap(([id, h]) => buildIds(h, lastEventWithA.get(id)));
    const buildB = after[0];
    expect(buildB).not.toBe(buildA);
    expect(new Set(after)).toEqual(new Set([buildB]));
    const count = (builds: string[]) => ({
      byA: builds.filter((b) => b === buildA).length,
      byB: builds.filter((b) => b === buildB).length,
    });
    figures.workflowTasks.whileBothRan = count(during);
    figures.workflowTasks.afterAStopped = count(after);

    // The patches: recorded where B took a decision they guard, and only there; never by A.
    const names = new Map([
      ...Object.entries(inFlight).map(([name, { id }]) => [id!, name] as const),
      ...startedWhileBothRan.map((id, i) => [id, `startedWhileBothRan${i + 1}`] as const),
    ]);
    const patchesIn = (all: Map<string, History>) =>
      Object.fromEntries(
        [...all]
          .map(
            ([id, h]) =>
              [
                names.get(id),
                markers(h)
                  .filter((m) => PATCHES.includes(m))
                  .sort(),
              ] as const,
          )
          .filter(([, patches]) => patches.length),
      );
    expect(patchesIn(recordedByA)).toEqual({});
    expect(patchesIn(final)).toEqual({
      r9Undecided: ['r9-householder-consent-before-approval'],
      courtVisitFailed: ['court-grant-stands', 'court-route-back-to-court'],
    });

    console.log(`Rolling upgrade ${RELEASE_A} -> this checkout:\n${JSON.stringify(figures, null, 2)}`);
  }, 180_000);
});
