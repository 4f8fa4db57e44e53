// Temporal's passing refusals of queries, found by the fault suite: asked again, not a 500; and how an
// action's outcome, read back from the workflow, becomes the answer.
import type { ConfigService } from '@nestjs/config';
import { type Client, QueryNotRegisteredError, ServiceError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { triageAction } from '../../../../workflows/messages';
import type { ApiSettings } from '../api-settings';
import { idempotentId, VariationsService } from './variations.service';

const view = { id: 'v-1', status: 'AWAITING_APPROVAL' };

/** What the service last signalled: a fake outcome takes its hash. */
let sent: { requestId: string; requestHash: string } | undefined;

/** Answers from `outcomes`, in turn: an Error is thrown. */
const answering = (outcomes: (() => unknown)[]) =>
  jest.fn(async (_definition: unknown, request?: typeof sent) => {
    if (typeof request === 'object') sent = request;
    const outcome = outcomes.shift()!();
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });

/** A client whose signals and queries answer from these lists, in turn. */
function serviceWith(signals: (() => unknown)[], queries: (() => unknown)[] = [() => view]) {
  sent = undefined;
  const signal = answering(signals);
  const query = answering(queries);
  // A variation that has ended, as the server's search attributes tell it.
  const describe = async () => ({ typedSearchAttributes: { get: () => 'COMPLETED' }, raw: {} });
  const client = {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflow: { getHandle: () => ({ signal, query, describe }) },
  } as unknown as Client;
  const config = { get: () => 's'.repeat(32) } as unknown as ConfigService<ApiSettings, true>;
  // Nothing on record yet: the workflow answers.
  const records = { find: async () => undefined } as never;
  const service = new VariationsService(client, config, {} as never, records, {} as never);
  return { service, signal, query };
}

/** How a query fails at the gRPC level. */
const queryFailure = (code: number, message: string) =>
  new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error(message), { code }) });

const decision = { decision: 'ACCEPT', by: { username: 'sam.spo', roles: [] } } as never;
const triage = (service: VariationsService, key?: string) => service.act('v-1', triageAction, decision, key);
/** The variation has not taken the request yet. */
const notYet = () => ({ outcome: null, view });
/** The variation's outcome for the request it was sent. */
const outcome = (recorded: object) => () => ({
  outcome: { requestHash: sent?.requestHash, ...recorded },
  view,
});

describe('an action (a signal whose outcome is read back)', () => {
  it('answers the view once the variation has taken it, asking again until it has', async () => {
    const { service, query } = serviceWith([() => undefined], [notYet, outcome({ taken: true })]);
    await expect(triage(service)).resolves.toEqual(view);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it.each([
    [{ type: 'INVALID_STATE', message: 'Already decided', details: ['AWAITING_APPROVAL'] }, 409],
    [{ type: 'RULES_BROKEN', message: 'Passed', details: [{ error: 'NOT_ELIGIBLE', rules: ['R6'] }] }, 422],
    [{ type: 'FORBIDDEN', message: 'Only the SPO may decide triage' }, 403],
    [{ type: 'REASON_REQUIRED', message: 'A reason is required to return or reject (R13)' }, 400],
  ])("answers the workflow's refusal %j as HTTP %i", async (refusal, status) => {
    const { service } = serviceWith([() => undefined], [outcome({ taken: false, refusal })]);
    await expect(triage(service)).rejects.toMatchObject({ status });
  });

  it('sends once more an action refused for a state the variation left in the same task, and answers that', async () => {
    const left = {
      taken: false,
      refusal: { type: 'INVALID_STATE', message: 'Not yet', details: ['AWAITING_EMS_CONFIRMATION'] },
    };
    const { service, signal } = serviceWith(
      [() => undefined, () => undefined],
      [
        () => ({
          outcome: { requestHash: sent?.requestHash, ...left },
          view: { ...view, status: 'RETURNED' },
        }),
        outcome({ taken: true }),
      ],
    );
    await expect(triage(service)).resolves.toEqual(view);
    expect(signal).toHaveBeenCalledTimes(2);
    expect(sent?.requestId).toMatch(/\/again$/);
  });

  it('answers 409 naming the status when the variation has ended (the server calls it not found)', async () => {
    const { service } = serviceWith(
      [() => new WorkflowNotFoundError('completed', 'variation-v-1', undefined)],
      [() => ({ ...view, status: 'COMPLETED' })],
    );
    await expect(triage(service)).rejects.toMatchObject({
      status: 409,
      response: { error: 'INVALID_STATE', status: 'COMPLETED' },
    });
  });

  it('with an Idempotency-Key first used for another body: 422, as for a submission', async () => {
    const { service } = serviceWith(
      [() => undefined],
      [() => ({ outcome: { taken: true, requestHash: 'x' }, view })],
    );
    await expect(triage(service, 'key-1')).rejects.toMatchObject({
      status: 422,
      response: { error: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('with an Idempotency-Key, a retry after the variation ended gets the answer it had', async () => {
    const ended = () => new WorkflowNotFoundError('completed', 'variation-v-1', undefined);
    const { service } = serviceWith([ended], [outcome({ taken: true })]);
    await expect(triage(service, 'key-1')).resolves.toEqual(view);
  });

  it('sends the same key from the same user for the same action as the same request, once taken', async () => {
    const requestIds: (string | undefined)[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { service } = serviceWith([() => undefined], [notYet, notYet, outcome({ taken: true })]);
      await triage(service, 'key-1');
      requestIds.push(sent?.requestId);
    }
    expect(requestIds[0]).toBeDefined();
    expect(requestIds[0]).toBe(requestIds[1]);
  });
});

it.each([
  [1, '1 CANCELLED: Call cancelled'],
  [9, '9 FAILED_PRECONDITION: Unable to query workflow due to Workflow Task in failed state.'],
])('asks again after a query failure that passes (gRPC %i)', async (code, message) => {
  const { service, query } = serviceWith([], [() => queryFailure(code, message), () => view]);
  await expect(service.view('v-1')).resolves.toEqual(view);
  expect(query).toHaveBeenCalledTimes(2);
});

it('does not ask again after any other query failure', async () => {
  const { service, query } = serviceWith([], [() => queryFailure(3, '3 INVALID_ARGUMENT: no such query')]);
  await expect(service.view('v-1')).rejects.toBeInstanceOf(ServiceError);
  expect(query).toHaveBeenCalledTimes(1);
});

it('answers 503 naming the variation when the worker cannot run it (a nondeterminism error), not 500', async () => {
  const nondeterminism = new QueryNotRegisteredError(
    '[TMPRL1100] Nondeterminism error: Update machine does not handle this event: HistoryEvent(id: 48, UpsertWorkflowSearchAttributes)',
    3,
  );
  const { service } = serviceWith([], [() => nondeterminism]);
  await expect(service.view('v-1')).rejects.toMatchObject({
    status: 503,
    response: { error: 'VARIATION_UNREADABLE', message: expect.stringContaining('v-1') },
  });
});

describe('an EMS event to a variation that has ended (api.md: 204 for a redelivery, else 409)', () => {
  const event = { type: 'visit.completed', outcome: 'INSTALLED', webhookId: 'msg_1' } as never;
  const failedTask = () => queryFailure(9, '9 FAILED_PRECONDITION: Workflow Task in failed state.');

  it('asks the variation again, as for its view, while the worker cannot answer yet; then 204', async () => {
    const { service, query } = serviceWith([], [failedTask, () => true]);
    await expect(service.signalEmsEvent('v-1', event)).resolves.toBeUndefined();
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('answers 409 for an event it never took', async () => {
    const { service } = serviceWith([], [() => false]);
    await expect(service.signalEmsEvent('v-1', event)).rejects.toMatchObject({ status: 409 });
  });

  it('answers 503, not 500, when the worker cannot answer the query at all (an older worker, say)', async () => {
    const { service } = serviceWith(
      [],
      [() => new QueryNotRegisteredError('no such query: emsEventTaken', 3)],
    );
    await expect(service.signalEmsEvent('v-1', event)).rejects.toMatchObject({ status: 503 });
  });
});

describe('the id of a submission with an Idempotency-Key', () => {
  const secret = 's'.repeat(32);

  it('is the same for the same sender and key, so a retry finds the same variation', () => {
    const id = idempotentId(secret, 'alex.smith', 'X123456-2024-06-01');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotentId(secret, 'alex.smith', 'X123456-2024-06-01')).toBe(id);
    expect(idempotentId(secret, 'sam.jones', 'X123456-2024-06-01')).not.toBe(id);
  });

  it('is keyed: without the secret, a key such as a CRN and a date cannot be tried against it (R17)', () => {
    expect(idempotentId('t'.repeat(32), 'alex.smith', 'X123456-2024-06-01')).not.toBe(
      idempotentId(secret, 'alex.smith', 'X123456-2024-06-01'),
    );
  });
});
