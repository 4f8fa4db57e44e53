// Workflow tests: a real Temporal server, an in-process worker, and activities replaced by fakes
// that record what they were asked to do.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type SearchAttributePair } from '@temporalio/common';
import type { InjectedSinks, Worker } from '@temporalio/worker';
import type { RecordEntry } from '../../libs/record/src/variation-records';
import type { ServiceLevels } from '../../libs/domain/src/service-levels';
import type { VariationRequest } from '../../libs/domain/src/types';
import { type Actor, ROLES, type VariationView } from '../../libs/domain/src/variation';
import {
  EMS_REFUSED,
  MAILBOX_MISSING,
  type Message,
  type VariationActivities,
} from '../../workflows/activities';
import {
  type ActionDefinition,
  actionOutcomeQuery,
  emsEventSignal,
  serviceLevelDueSignal,
  viewQuery,
} from '../../workflows/messages';
import { courtVariationWorkflow } from '../../workflows/court-variation.workflow';
import type { RecordSinks } from '../../workflows/record-keeping';
import { variationWorkflow } from '../../workflows/variation.workflow';
import { startingSearchAttributes } from '../../workflows/search-attributes';
import { timesChange } from './requests';
import { readBack } from '../../apps/api/src/variations/action-outcome';
import type { LocalSecrets } from '../../scripts/local-secrets';
import { startTemporal, type TestTemporal } from './temporal-server';
import { createWorker } from './workflow-worker';

/** A CRN the fake nDelius refuses, as the real one would an unknown case. */
export const REFUSED_BY_NDELIUS = 'Z999999';

export const practitioner: Actor = { username: 'alex.smith', roles: [ROLES.practitioner] };
export const spo: Actor = { username: 'sam.spo', roles: [ROLES.spo] };
export const pduHead: Actor = { username: 'pat.head', roles: [ROLES.pduHead] };

/** What the fake activities were asked to do, per variation id. */
export interface Calls {
  /** `given`: what the notice activity was given, by name. */
  notices: { variationId: string; recipient: string; kind: string; given: string[] }[];
  messages: Message[];
  visits: string[];
  contacts: string[];
  /** The record: each variation's latest published version, its status, and whether the sink or the activity wrote it. */
  records: Map<string, { version: number; status: string; by: 'sink' | 'activity' }>;
  /** While set, the fake EMS provider refuses visit requests. */
  refuseVisits?: boolean;
  /** Until set, the court NO_MAILBOX_COURT has no mailbox. */
  mailboxFixed?: boolean;
}

/** As the record does: a later version replaces an earlier one, never the other way. */
function keepRecord(calls: Calls, { view, version }: RecordEntry, by: 'sink' | 'activity'): void {
  if ((calls.records.get(view.id)?.version ?? 0) < version)
    calls.records.set(view.id, { version, status: view.status, by });
}

/** The record sink, kept in `calls.records` as it is called. */
export function fakeRecordSinks(calls: Calls): InjectedSinks<RecordSinks> {
  return {
    record: { publish: { fn: (_info, entry) => keepRecord(calls, entry, 'sink'), callDuringReplay: false } },
  };
}

/** A curfew postcode the fake EMS provider refuses notices for. */
export const EMS_REFUSES_POSTCODE = 'ZZ1 1ZZ';

/** A court code the fake mail adapter has no mailbox for. */
export const NO_MAILBOX_COURT = 'NOMAIL1';

export function fakeActivities(calls: Calls): VariationActivities {
  const notice =
    (recipient: string) => async (variation: VariationView, kind: 'VARIATION' | 'WITHDRAWAL') => {
      if (
        recipient === 'COURT' &&
        variation.order.sentencingCourt.code === NO_MAILBOX_COURT &&
        !calls.mailboxFixed
      ) {
        throw ApplicationFailure.nonRetryable(
          `no court mailbox for court code ${NO_MAILBOX_COURT}`,
          MAILBOX_MISSING,
        );
      }
      if (recipient === 'EMS' && variation.curfew.address.postcode === EMS_REFUSES_POSTCODE) {
        throw ApplicationFailure.nonRetryable(
          'The EMS provider refused it (422): address outside our area',
          EMS_REFUSED,
        );
      }
      calls.notices.push({
        variationId: variation.id,
        recipient,
        kind,
        given: Object.keys(variation).sort(),
      });
      return { reference: `${recipient}-${variation.id.slice(0, 8)}`, sentAt: new Date().toISOString() };
    };
  return {
    notifyCourt: notice('COURT'),
    notifyPolice: notice('POLICE'),
    notifyEmsProvider: notice('EMS'),
    requestEmsVisit: async (variation) => {
      if (calls.refuseVisits)
        throw ApplicationFailure.nonRetryable(
          'The EMS provider refused it (409): no open visit',
          EMS_REFUSED,
        );
      calls.visits.push(variation.id);
    },
    sendMessage: async (message) => {
      calls.messages.push(message);
    },
    recordVariation: async (entry) => keepRecord(calls, entry, 'activity'),
    recordContactInNDelius: async (contact) => {
      calls.contacts.push(contact.variationId);
      if (contact.crn === REFUSED_BY_NDELIUS)
        throw ApplicationFailure.nonRetryable('nDelius refused the contact: 422');
      return { contactId: `C-${calls.contacts.length}` };
    },
  };
}

/** Starts a variation on a task queue of the test's own, as the api would (without its search attributes). */
export function startVariation(
  temporal: TestTemporal,
  taskQueue: string,
  request: VariationRequest = timesChange(),
  serviceLevels: ServiceLevels = {},
): Promise<WorkflowHandle> {
  const id = randomUUID();
  return temporal.env.client.workflow.start(variationWorkflow, {
    workflowId: `variation-${id}`,
    taskQueue,
    args: [
      {
        id,
        request,
        submittedBy: practitioner,
        requestHash: 'hash',
        hoursPolicy: 'daily-total',
        serviceLevels,
      },
    ],
  });
}

export interface Harness {
  temporal: TestTemporal;
  calls: Calls;
  start(options?: {
    request?: VariationRequest;
    court?: boolean;
    serviceLevels?: ServiceLevels;
    noticeRetryMs?: number;
    /** The search attributes it is started with, if not those the api gives. */
    startedAs?: SearchAttributePair[];
  }): Promise<WorkflowHandle>;
  /** The calls made for one variation. */
  callsFor(id: string): Calls;
  stop(): Promise<void>;
}

export async function startHarness(options: { secrets?: LocalSecrets } = {}): Promise<Harness> {
  const temporal = await startTemporal(options);
  const calls: Calls = { notices: [], messages: [], visits: [], contacts: [], records: new Map() };
  const taskQueue = `workflow-test-${randomUUID()}`;
  const worker: Worker = await createWorker(temporal, taskQueue, fakeActivities(calls), {
    sinks: fakeRecordSinks(calls),
  });
  const running = worker.run();
  return {
    temporal,
    calls,
    start: async ({
      request = timesChange(),
      court = false,
      serviceLevels = {},
      noticeRetryMs,
      startedAs,
    } = {}) => {
      const id = randomUUID();
      const submittedAt = new Date();
      return temporal.env.client.workflow.start(court ? courtVariationWorkflow : variationWorkflow, {
        workflowId: `variation-${id}`,
        taskQueue,
        // As the api starts it: in its first wait, with that step's due date.
        typedSearchAttributes:
          startedAs ??
          startingSearchAttributes(court ? 'COURT' : 'ADMINISTRATIVE', request, serviceLevels, submittedAt),
        args: [
          {
            id,
            request,
            submittedBy: practitioner,
            submittedAt: submittedAt.toISOString(),
            requestHash: 'hash',
            hoursPolicy: 'daily-total',
            serviceLevels,
            noticeRetryMs,
          },
        ],
      });
    },
    callsFor: (id) => ({
      notices: calls.notices.filter((n) => n.variationId === id),
      messages: calls.messages.filter((m) => m.variationId === id),
      visits: calls.visits.filter((v) => v === id),
      contacts: calls.contacts.filter((c) => c === id),
      records: new Map([...calls.records].filter(([recorded]) => recorded === id)),
    }),
    stop: async () => {
      worker.shutdown();
      await running;
      await temporal.env.teardown();
    },
  };
}

/**
 * Polls the view until it satisfies `predicate` (the workflow reacts asynchronously to some events),
 * doing `meanwhile` before each next look.
 */
/** An EMS provider's event, signalled as the api passes it on. */
export const emsEvent = (handle: WorkflowHandle, event: object) =>
  handle.signal(emsEventSignal, { occurredAt: new Date().toISOString(), ...event } as never);

/** The provider answers about the notice it was sent (events about another notice are ignored). */
export const emsReferenceOf = async (handle: WorkflowHandle) =>
  (await eventually(handle, (v) => !!v.ems?.reference)).ems!.reference;

export async function eventually(
  handle: WorkflowHandle,
  predicate: (view: VariationView) => boolean,
  timeoutMs = 15_000,
  meanwhile: () => Promise<unknown> = async () => undefined,
): Promise<VariationView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await handle.query(viewQuery);
    if (predicate(view)) return view;
    if (Date.now() > deadline) throw new Error(`Timed out; the view is ${JSON.stringify(view.status)}`);
    await meanwhile();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Sends the service-level sweep's signal (R16) again and again until the view satisfies `predicate`,
 * as sweeps keep coming in production; a sweep before a deadline must change nothing.
 */
export const sweptUntil = (handle: WorkflowHandle, predicate: (view: VariationView) => boolean) =>
  eventually(handle, predicate, 15_000, () => handle.signal(serviceLevelDueSignal));

export const idOf = (handle: WorkflowHandle) => handle.workflowId.replace(/^variation-/, '');

/** Waits until `check` holds, polling; for effects that happen in the background, like messages. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An action the workflow refused, with the failure type it gave (INVALID_STATE, FORBIDDEN, ...). */
export class ActionRefused extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

/**
 * Sends a person's action as the api does (a signal with a request id, sent once more if refused for
 * a state the variation left in the same task) and reads back its outcome: the view once taken, or
 * ActionRefused.
 */
export async function act<A>(
  handle: WorkflowHandle,
  action: ActionDefinition<A>,
  args: A,
  requestId: string = randomUUID(),
): Promise<VariationView> {
  const request = { requestId, requestHash: 'hash', args };
  await handle.signal(action, request);
  const read = await readBack(handle, action, request, Date.now() + 15_000, (id) =>
    handle.query(actionOutcomeQuery, id),
  );
  if (!read) throw new Error(`Timed out waiting for the outcome of ${action.name}`);
  const { outcome, view } = read;
  if (outcome.taken) return view;
  throw new ActionRefused(outcome.refusal.type, outcome.refusal.message, outcome.refusal.details);
}

/** The failure type an action was refused with (INVALID_STATE, FORBIDDEN, ...); fails if it was not refused. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ActionRefused)) throw new Error(`Expected a refused action, got ${String(error)}`);
  return error.type;
}
