// Which Temporal failures are "not now" (503 with Retry-After) rather than a fault of ours (500).
import { ServiceError } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import { temporalUnavailable } from './temporal-unavailable.filter';

const grpc = (code: number) =>
  new ServiceError('Failed', { cause: Object.assign(new Error(`${code}`), { code }) });

it.each([
  ['the server away (UNAVAILABLE)', grpc(14)],
  ['the server too slow (DEADLINE_EXCEEDED)', grpc(4)],
  ['the server stopping (CANCELLED)', grpc(1)],
  ['a server just restarted, before it has loaded its namespaces', new NamespaceNotFoundError('default')],
])('503 for %s', (_what, error) => {
  expect(temporalUnavailable(error)).toBe(true);
});

it.each([
  ['a refusal (INVALID_ARGUMENT)', grpc(3)],
  ['a fault of ours', new TypeError('x is undefined')],
])('not for %s', (_what, error) => {
  expect(temporalUnavailable(error)).toBe(false);
});
