// A Temporal dev server of the tests' own, on a free port: never the developer's running one.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { generateSecrets, type LocalSecrets } from '../../scripts/local-secrets';
import { searchAttributeKeys } from '../../workflows/search-attributes';

export interface TestTemporal {
  env: TestWorkflowEnvironment;
  secrets: LocalSecrets;
}

export async function startTemporal(
  options: {
    dbFilename?: string;
    port?: number;
    secrets?: LocalSecrets;
    withSearchAttributes?: boolean;
  } = {},
): Promise<TestTemporal> {
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is unset: test/global-setup.ts resolves it');
  const secrets = options.secrets ?? generateSecrets();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      searchAttributes: options.withSearchAttributes === false ? [] : searchAttributeKeys,
      dbFilename: options.dbFilename,
      port: options.port,
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
    },
    client: { dataConverter: dataConverter(secrets) },
  });
  return { env, secrets };
}
