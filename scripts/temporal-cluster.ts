// The production engine, here (issue 24): the full Temporal server, not the CLI's dev server, on
// PostgreSQL 16 from the same embedded PostgreSQL the record uses, with several history shards.
// Built once with Go like the CLI, cached outside the repo. v1.32.1: the newest patch releases ask
// for a newer Go than the machines this runs on.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { repoRoot } from '../libs/config/src/paths';
import { freePorts } from './free-port';
import { type LocalPostgres, startLocalPostgres } from './local-postgres';
import { type Child, spawnChild, stopChild } from './processes';
import { setUpNamespace } from './set-up-namespace';
import { isExecutable } from './temporal-cli';
import { untilServing } from './temporal-ready';

export const TEMPORAL_SERVER_VERSION = '1.32.1';
/** More than one, so the suites meet shards as production does; compose uses the same. */
export const HISTORY_SHARDS = 8;
/** Temporal's plugin for PostgreSQL 12 and later. */
export const SQL_PLUGIN = 'postgres12';
/** Temporal's two databases, each with the folder of its schema scripts. */
export const TEMPORAL_DATABASES = [
  ['temporal', 'temporal'],
  ['temporal_visibility', 'visibility'],
] as const;
/**
 * The schema tool's steps for one database, as compose's schema job runs them. Run again over the
 * same data, the database and its first schema exist (--quiet: not an error), and the update brings
 * the schema to this version either way, failing if it cannot.
 */
export const schemaSteps = (versioned: string): string[][] => [
  ['--quiet', 'create-database'],
  ['--quiet', 'setup-schema', '-v', '0.0'],
  ['update-schema', '-d', versioned],
];
/** The server settings the service runs best with; compose mounts the same file. */
export const DYNAMIC_CONFIG_FILE = join(repoRoot, 'config', 'temporal-dynamic-config.yaml');

interface ServerBinaries {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the server's module: the schema tool's versioned scripts. */
  schema: string;
}

function cacheDirectory(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'curfew-variations', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/** The server and its schema tool, built with Go the first time (about 5 minutes from empty caches). */
export function resolveTemporalServer(log: (line: string) => void = console.log): ServerBinaries {
  const dir = cacheDirectory();
  const binaries = { server: join(dir, 'server'), sqlTool: join(dir, 'sql'), schema: join(dir, 'schema') };
  if (isExecutable(binaries.server) && isExecutable(binaries.sqlTool) && existsSync(binaries.schema))
    return binaries;
  mkdirSync(dir, { recursive: true });
  log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its schema tool with Go, once...`);
  const module = `go.temporal.io/server`;
  for (const command of ['cmd/server', 'cmd/tools/sql'])
    execFileSync('go', ['install', `${module}/${command}@v${TEMPORAL_SERVER_VERSION}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: dir },
    });
  // The versioned schema scripts live in the module's source, which go install has just fetched.
  const modules = execFileSync('go', ['env', 'GOMODCACHE']).toString().trim();
  cpSync(
    join(modules, `${module}@v${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12'),
    binaries.schema,
    {
      recursive: true,
    },
  );
  return binaries;
}

/**
 * The server's ports. The membership ports are kept in its database as a smallint: each must be
 * below 32768, so below Linux's range of ephemeral ports too.
 */
export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: [number, number, number, number];
  metrics: number;
}

/** Free ports for a cluster and its PostgreSQL; `frontend` given, the server answers there. */
export async function freeClusterPorts(
  frontend?: number,
): Promise<{ postgresPort: number; ports: ClusterPorts }> {
  // The frontend's port is not bound yet either: none of the others may be it.
  const next = frontend === undefined ? await freePorts(11) : await freePorts(10, [frontend]);
  return {
    postgresPort: next[0],
    ports: {
      frontend: frontend ?? next[10],
      frontendHttp: next[1],
      history: next[2],
      matching: next[3],
      worker: next[4],
      membership: [next[5], next[6], next[7], next[8]],
      metrics: next[9],
    },
  };
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  /** The PostgreSQL under the server now (startDatabase() puts a new one here). */
  postgres: LocalPostgres;
  /** Stops the server (SIGTERM); its databases stay. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** The server's process while it runs, for the bench's CPU figures. */
  serverPid(): number | undefined;
  /** Stops the PostgreSQL under the running server (fast: connections cut; immediate: a crash). */
  stopDatabase(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  startDatabase(): Promise<void>;
  /** Stops the server and its PostgreSQL; their data stays. */
  stop(): Promise<void>;
  /** Stops both and deletes their data: the end of a throwaway cluster (a test's, the bench's). */
  discard(): Promise<void>;
}

/**
 * Starts PostgreSQL in `dataDir`, makes Temporal's two databases and their schemas with the schema
 * tool (as compose's schema job does), starts the server on `ports`, and registers the namespace and
 * the search attributes (with the step compose's set-up-namespace job runs).
 */
export async function startTemporalCluster(options: {
  dataDir: string;
  postgresPort: number;
  ports: ClusterPorts;
  namespace?: string;
  /** false: the namespace without the service's search attributes. */
  searchAttributes?: boolean;
  log?: (line: string) => void;
}): Promise<TemporalCluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const binaries = resolveTemporalServer(log);
  const namespace = options.namespace ?? 'default';
  const startDatabase = () =>
    startLocalPostgres({ dataDir: join(options.dataDir, 'postgres'), port: options.postgresPort });
  const address = `127.0.0.1:${options.ports.frontend}`;
  const configFile = join(options.dataDir, 'temporal-server.yaml');
  // The server's last lines, for the error when it will not start (its log may go nowhere else).
  const lastLines: string[] = [];
  let server: Child | undefined;
  const startServer = async () => {
    lastLines.length = 0;
    server = spawnChild(
      'temporal-server',
      binaries.server,
      ['--config-file', configFile, '--allow-no-auth', 'start'],
      process.env,
      (line) => {
        lastLines.push(line);
        if (lastLines.length > 30) lastLines.shift();
        log(`[temporal-server] ${line}`);
      },
    );
    try {
      await untilServing(address, server, 120_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; its last lines:\n${lastLines.join('\n')}`);
    }
  };
  const cluster: TemporalCluster = {
    address,
    namespace,
    postgres: await startDatabase(),
    stopServer: async () => {
      if (server) await stopChild(server);
    },
    startServer,
    serverPid: () => server?.process.pid,
    stopDatabase: (mode) => cluster.postgres.stop(mode),
    startDatabase: async () => {
      cluster.postgres = await startDatabase();
    },
    stop: async () => {
      if (server) await stopChild(server);
      await cluster.postgres.stop();
    },
    discard: async () => {
      if (server) await stopChild(server);
      await cluster.postgres.discard();
      rmSync(options.dataDir, { recursive: true, force: true });
    },
  };
  try {
    for (const [database, schema] of TEMPORAL_DATABASES)
      setUpSchema(binaries, options.postgresPort, database, join(binaries.schema, schema, 'versioned'));
    writeFileSync(configFile, serverConfig(options.postgresPort, options.ports));
    await startServer();
    const connection = await Connection.connect({ address });
    try {
      await setUpNamespace(connection, namespace, '1 day', { searchAttributes: options.searchAttributes });
    } finally {
      await connection.close();
    }
  } catch (error) {
    // Nothing left running behind a failed start (its data stays: it may be the caller's).
    await cluster.stop();
    throw error;
  }
  return cluster;
}

function setUpSchema(binaries: ServerBinaries, port: number, database: string, versioned: string): void {
  const common = [
    '--plugin',
    SQL_PLUGIN,
    '--ep',
    '127.0.0.1',
    '-p',
    String(port),
    '-u',
    'postgres',
    '--db',
    database,
  ];
  for (const step of schemaSteps(versioned))
    execFileSync(binaries.sqlTool, [...common, ...step], { stdio: 'pipe' });
}

/** The server's configuration: compose's, with this machine's ports and PostgreSQL. */
export function serverConfig(postgresPort: number, ports: ClusterPorts): string {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: ${SQL_PLUGIN}
        databaseName: ${database}
        connectAddr: "127.0.0.1:${postgresPort}"
        connectProtocol: tcp
        user: postgres
        password: ""
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpcPort: number, membershipPort: number, http?: number) => `
    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${membershipPort}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  return `log:
  stdout: true
  level: warn
dynamicConfigClient:
  filepath: "${DYNAMIC_CONFIG_FILE}"
  pollInterval: 60s
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    default:${store('temporal', 20)}
    visibility:${store('temporal_visibility', 5)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "127.0.0.1:${ports.metrics}"
services:
  frontend:${service(ports.frontend, ports.membership[0], ports.frontendHttp)}
  history:${service(ports.history, ports.membership[1])}
  matching:${service(ports.matching, ports.membership[2])}
  worker:${service(ports.worker, ports.membership[3])}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${ports.frontend}"
dcRedirectionPolicy:
  policy: noop
`;
}

/** `npm run temporal-server`: builds the server once (CI does it in a step of its own) and says where it is. */
if (require.main === module) {
  try {
    console.log(resolveTemporalServer((line) => console.error(line)).server);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
