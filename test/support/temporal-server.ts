// A Temporal dev server of the tests' own, on a free port: never the developer's running one.
// Started as a child process and waited for here, rather than by the SDK's TestWorkflowEnvironment,
// which gives the server 5 s: too little when two suites and a fault run share two cores.
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { generateSecrets, type LocalSecrets } from '../../scripts/local-secrets';
import { spawnChild, stopChild, waitUntil } from '../../scripts/processes';
import { searchAttributeKeys } from '../../workflows/search-attributes';
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
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless'];
  args.push('--namespace', 'default', '--log-format', 'pretty', '--log-level', 'error');
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  if (options.withSearchAttributes !== false) {
    for (const { name, type } of searchAttributeKeys) {
      args.push('--search-attribute', `${name}=${type[0]}${type.slice(1).toLowerCase()}`);
    }
  }
  const server = spawnChild('temporal', path, args, process.env, (line) => process.stderr.write(`${line}\n`));
  try {
    await Promise.race([
      waitUntil(`the Temporal dev server on ${address}`, async () => {
        await (await Connection.connect({ address, connectTimeout: 1_000 })).close();
        return true;
      }),
      server.exited.then((code) => Promise.reject(new Error(`The Temporal dev server exited with ${code}`))),
    ]);
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
