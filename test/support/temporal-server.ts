// A Temporal server of the tests' own, on a free port: never the developer's running one. The CLI's
// dev server by default; with TEMPORAL_ENGINE=cluster (`npm run test:cluster`) the full server on
// PostgreSQL with several history shards, as production runs it (scripts/temporal-cluster.ts).
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { generateSecrets, type LocalSecrets } from '../../scripts/local-secrets';
import { spawnChild, stopChild } from '../../scripts/processes';
import { freeClusterPorts, startTemporalCluster, type TemporalCluster } from '../../scripts/temporal-cluster';
import { devServerArgs } from '../../scripts/temporal-dev-server';
import { untilServing } from '../../scripts/temporal-ready';
import { freePort } from './ports';

export interface TestTemporal {
  /** The SDK's client and connection to the server; its teardown also stops the server. */
  env: TestWorkflowEnvironment;
  secrets: LocalSecrets;
  /** Where the server keeps what it holds: the dev server's SQLite file, or the cluster's PostgreSQL data directory. */
  storage?: string;
  /** The full server and its PostgreSQL, under `npm run test:cluster`: each can be restarted on its own. */
  cluster?: TemporalCluster;
}

export async function startTemporal(
  options: {
    dbFilename?: string;
    port?: number;
    secrets?: LocalSecrets;
    withSearchAttributes?: boolean;
  } = {},
): Promise<TestTemporal> {
  const secrets = options.secrets ?? generateSecrets();
  const port = options.port ?? (await freePort());
  if (process.env.TEMPORAL_ENGINE === 'cluster')
    return startCluster(port, secrets, options.dbFilename, options.withSearchAttributes);
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is unset: test/global-setup.ts resolves it');
  const address = `127.0.0.1:${port}`;
  const args = devServerArgs(port, {
    dbFilename: options.dbFilename,
    logLevel: 'error',
    searchAttributes: options.withSearchAttributes,
  });
  const server = spawnChild('temporal', path, args, process.env, (line) => process.stderr.write(`${line}\n`));
  try {
    await untilServing(address, server);
    const env = await environment(address, secrets, () => stopChild(server));
    return { env, secrets, storage: options.dbFilename };
  } catch (error) {
    await stopChild(server);
    throw error;
  }
}

async function startCluster(
  frontend: number,
  secrets: LocalSecrets,
  dbFilename?: string,
  searchAttributes?: boolean,
): Promise<TestTemporal> {
  const dataDir = dbFilename ? `${dbFilename}.cluster` : mkdtempSync(join(tmpdir(), 'temporal-cluster-'));
  const cluster = await startTemporalCluster({
    dataDir,
    ...(await freeClusterPorts(frontend)),
    searchAttributes,
    log: (line) => {
      // The server logs warnings and errors only; a restart's are expected, and drown the rest.
      if (process.env.TEMPORAL_CLUSTER_LOG) process.stderr.write(`${line}\n`);
    },
  });
  try {
    const env = await environment(cluster.address, secrets, () => cluster.discard());
    return { env, secrets, storage: cluster.postgres.dataDir, cluster };
  } catch (error) {
    await cluster.discard();
    throw error;
  }
}

/** The SDK's client to the server at `address`; its teardown stops the server too. */
async function environment(
  address: string,
  secrets: LocalSecrets,
  stopServer: () => Promise<void>,
): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createFromExistingServer({
    address,
    client: { dataConverter: dataConverter(secrets) },
  });
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    try {
      await teardown();
    } finally {
      await stopServer();
    }
  };
  return env;
}
