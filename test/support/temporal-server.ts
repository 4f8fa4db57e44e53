// A Temporal dev server of the tests' own, on a free port: never the developer's running one.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { generateSecrets, type LocalSecrets } from '../../scripts/local-secrets';
import { spawnChild, stopChild } from '../../scripts/processes';
import { devServerArgs, untilServing } from '../../scripts/temporal-dev-server';
import { freePort } from './ports';

export interface TestTemporal {
  /** The SDK's client and connection to the server; its teardown also stops the server. */
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
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = devServerArgs(port, {
    dbFilename: options.dbFilename,
    logLevel: 'error',
    searchAttributes: options.withSearchAttributes,
  });
  const server = spawnChild('temporal', path, args, process.env, (line) => process.stderr.write(`${line}\n`));
  try {
    await untilServing(address, server);
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address,
      client: { dataConverter: dataConverter(secrets) },
    });
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await teardown();
      } finally {
        await stopChild(server);
      }
    };
    return { env, secrets };
  } catch (error) {
    await stopChild(server);
    throw error;
  }
}
