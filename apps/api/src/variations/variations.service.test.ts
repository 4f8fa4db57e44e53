// Temporal's passing refusals of Updates and queries, found by the fault suite: asked again, not a 500.
import type { ConfigService } from '@nestjs/config';
import {
  type Client,
  QueryNotRegisteredError,
  ServiceError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, ServerFailure, WorkflowNotFoundError } from '@temporalio/common';
import { triageUpdate } from '../../../../workflows/messages';
import type { ApiSettings } from '../api-settings';
import { idempotentId, VariationsService } from './variations.service';

const view = { id: 'v-1', status: 'AWAITING_APPROVAL' };
const dropped = () =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    new ServerFailure("Workflow Update is rejected because it wasn't processed by worker.", true),
  );

/** Answers from `outcomes`, in turn: an Error is thrown. */
const answering = (outcomes: (() => unknown)[]) =>
  jest.fn(async () => {
    const outcome = outcomes.shift()!();
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });

/** A client whose Updates and queries answer from these lists, in turn. */
function serviceWith(updates: (() => unknown)[], queries: (() => unknown)[] = [() => view]) {
  const executeUpdate = answering(updates);
  const query = answering(queries);
  // A variation that has ended, as the server's search attributes tell it.
  const describe = async () => ({ typedSearchAttributes: { get: () => 'COMPLETED' } });
  const client = {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflow: { getHandle: () => ({ executeUpdate, query, describe }) },
  } as unknown as Client;
  const service = new VariationsService(client, {} as ConfigService<ApiSettings, true>, {} as never);
  return { service, executeUpdate, query };
}

/** How a query fails at the gRPC level. */
const queryFailure = (code: number, message: string) =>
  new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error(message), { code }) });

const triage = (service: VariationsService) =>
  service.act('v-1', triageUpdate, { decision: 'ACCEPT', by: { username: 'sam.spo' } } as never);

it('sends an Update the server dropped again, and answers what the workflow made of it', async () => {
  const { service, executeUpdate } = serviceWith([dropped, () => view]);
  await expect(triage(service)).resolves.toEqual(view);
  expect(executeUpdate).toHaveBeenCalledTimes(2);
});

it('answers 409 when the variation ended before the Update could be sent again', async () => {
  const { service } = serviceWith(
    [dropped, () => new WorkflowNotFoundError('completed', 'variation-v-1', undefined)],
    [() => ({ ...view, status: 'COMPLETED' })],
  );
  await expect(triage(service)).rejects.toMatchObject({
    status: 409,
    response: { error: 'INVALID_STATE', status: 'COMPLETED' },
  });
});

it("does not send again an Update the workflow's validator refused", async () => {
  const refused = new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({
      type: 'INVALID_STATE',
      message: 'Already decided',
      details: ['AWAITING_APPROVAL'],
    }),
  );
  const { service, executeUpdate } = serviceWith([() => refused]);
  await expect(triage(service)).rejects.toMatchObject({ status: 409 });
  expect(executeUpdate).toHaveBeenCalledTimes(1);
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
