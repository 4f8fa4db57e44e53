// On the dev server here, and on the full server's SQL visibility under `npm run test:cluster`.
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { startTemporal, type TestTemporal } from '../test/support/temporal-server';
import { searchAttributeKeys } from '../workflows/search-attributes';
import { registerSearchAttributes, SQL_VISIBILITY_LIMITS } from './register-search-attributes';

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTemporal({ withSearchAttributes: false });
}, 120_000);
afterAll(() => temporal?.env.teardown());

it('adds the missing search attributes, and nothing the second time', async () => {
  const connection = temporal.env.connection;
  expect(await registerSearchAttributes(connection, 'default')).toEqual(
    searchAttributeKeys.map((k) => k.name),
  );
  expect(await registerSearchAttributes(connection, 'default')).toEqual([]);
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace: 'default',
  });
  expect(Object.keys(customAttributes ?? {})).toEqual(
    expect.arrayContaining(searchAttributeKeys.map((k) => k.name)),
  );
});

it('needs no more of each type than SQL visibility allows a namespace', () => {
  for (const [type, limit] of Object.entries(SQL_VISIBILITY_LIMITS))
    expect(searchAttributeKeys.filter((key) => key.type === type).length).toBeLessThanOrEqual(limit);
});

it('fails clearly on a namespace whose Keyword attributes another service has nearly used up', async () => {
  const connection = temporal.env.connection;
  await connection.workflowService.registerNamespace({
    namespace: 'crowded',
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  // Eight of the ten: the service's four Keyword attributes no longer fit.
  await connection.operatorService.addSearchAttributes({
    namespace: 'crowded',
    searchAttributes: Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [
        `OtherServiceKeyword${i + 1}`,
        proto.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  await expect(registerSearchAttributes(connection, 'crowded')).rejects.toThrow(
    /refused the search attributes VariationStatus, .*cannot have more than 10 search attribute of type Keyword.*4 KEYWORD and 2 DATETIME.*namespace of its own/,
  );
  // Nothing half-done: none of the service's attributes was added.
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace: 'crowded',
  });
  expect(Object.keys(customAttributes ?? {}).filter((name) => !name.startsWith('OtherService'))).toEqual([]);
});
