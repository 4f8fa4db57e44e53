// The step compose's set-up-namespace job runs, on the dev server here and on the full server under
// `npm run test:cluster`.
import { tsToMs } from '@temporalio/common/lib/time';
import { startTemporal, type TestTemporal } from '../test/support/temporal-server';
import { searchAttributeKeys } from '../workflows/search-attributes';
import { setUpNamespace } from './set-up-namespace';

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTemporal({ withSearchAttributes: false });
}, 120_000);
afterAll(() => temporal?.env.teardown());

const retentionOf = async (namespace: string) => {
  const { config } = await temporal.env.connection.workflowService.describeNamespace({ namespace });
  return tsToMs(config!.workflowExecutionRetentionTtl!);
};

it('creates the namespace with its retention and search attributes; run again, sets the retention given', async () => {
  const connection = temporal.env.connection;
  expect(await setUpNamespace(connection, 'curfew-variations', '30d')).toBe('created');
  expect(await retentionOf('curfew-variations')).toBe(30 * 24 * 3_600_000);
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace: 'curfew-variations',
  });
  expect(Object.keys(customAttributes ?? {})).toEqual(
    expect.arrayContaining(searchAttributeKeys.map((key) => key.name)),
  );

  expect(await setUpNamespace(connection, 'curfew-variations', '45d')).toBe('updated');
  expect(await retentionOf('curfew-variations')).toBe(45 * 24 * 3_600_000);
});
