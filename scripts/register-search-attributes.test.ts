import { startTemporal, type TestTemporal } from '../test/support/temporal-server';
import { searchAttributeKeys } from '../workflows/search-attributes';
import { registerSearchAttributes } from './register-search-attributes';

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTemporal({ withSearchAttributes: false });
}, 60_000);
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
