// The service as the bench runs it: a Temporal server (the CLI's dev server, or the full server on
// PostgreSQL with BENCH_TEMPORAL=cluster; neither when TEMPORAL_ADDRESS is set), an SMTP sink, the EMS
// simulator in auto mode, and the compiled worker(s) and api as separate processes.
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEntry } from '../libs/config/src/paths';
import {
  type Child,
  isHttpOk,
  isRunning,
  numbered,
  spawnChild,
  stopChild,
  waitUntil,
} from '../scripts/processes';
import { generateSecrets, type LocalSecrets } from '../scripts/local-secrets';
import { registerSearchAttributes } from '../scripts/register-search-attributes';
import { resolveTemporalCli } from '../scripts/temporal-cli';
import {
  freeClusterPorts,
  HISTORY_SHARDS,
  startTemporalCluster,
  TEMPORAL_SERVER_VERSION,
} from '../scripts/temporal-cluster';
import { devServerArgs } from '../scripts/temporal-dev-server';
import { untilServing } from '../scripts/temporal-ready';
import { localToken } from '../scripts/token';
import { startLocalPostgres } from '../scripts/local-postgres';
import { migrateRecordAt } from '../scripts/migrate-record';
import type { BenchConfig } from './config';
import { type MailSink, startMailSink } from './mail-sink';
import type { Sampled } from './metrics';
import { freePort, freePorts } from '../scripts/free-port';

export const NAMESPACE = process.env.TEMPORAL_NAMESPACE || 'default';

export interface Stack {
  baseUrl: string;
  emsUrl: string;
  temporalAddress: string;
  /** Which Temporal server, in words, for the report. */
  engine: string;
  taskQueue: string;
  /** The service's worker processes: `worker`, `worker-2`, ... */
  workers: string[];
  secrets: LocalSecrets;
  mail: MailSink;
  /** The Node processes the bench started (the dev server too, when it is the engine). */
  children: Child[];
  /** The record's PostgreSQL server, whose connections are processes of their own. */
  postgresPid: number;
  /** The Temporal server's process, when the bench started it. */
  temporalPid?: number;
  /**
   * Every process whose CPU and memory the bench reads, as they are now: the children still running,
   * the record's PostgreSQL, and the Temporal server and its PostgreSQL when the bench started them.
   */
  processes(): Sampled[];
  /** Where the api and the workers write how often they have called each costly thing (count-calls.ts). */
  countsDir: string;
  /** A child the bench starts later (the ceiling's worker): stopped with the rest, its output kept. */
  spawn(name: string, args: string[], env: NodeJS.ProcessEnv): Child;
  token(role: string, user: string): Promise<string>;
  /** The last lines a child printed, to explain a failure. */
  lastLines(name: string): string[];
  stop(): Promise<void>;
}

export async function startStack(config: BenchConfig): Promise<Stack> {
  const secrets = generateSecrets();
  const output = new Map<string, string[]>();
  const children: Child[] = [];
  // Keep only the tail: the apps log every request, and holding it all would cost the bench memory.
  const keep = (name: string, line: string) => {
    const lines = output.get(name) ?? [];
    output.set(name, lines);
    lines.push(line);
    if (lines.length > 50) lines.shift();
  };
  const spawn = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv) => {
    output.set(name, []);
    const child = spawnChild(name, command, args, env, (line) => keep(name, line));
    children.push(child);
    return child;
  };

  // Temporary folders, removed with the stack.
  const folders: string[] = [];
  const temporary = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };

  const mail = await startMailSink();
  // The record's own PostgreSQL, on a port and in a folder of its own.
  const postgres = await startLocalPostgres({
    dataDir: join(temporary('bench-record-'), 'postgres'),
    port: await freePort(),
  });
  let engine: Engine | undefined;
  const stop = async () => {
    // Apps first, so the worker finishes in-flight work while Temporal is still there.
    for (const child of [...children].reverse()) await stopChild(child);
    await engine?.stop?.();
    await mail.stop();
    await postgres.discard();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  };

  try {
    engine = await startEngine(config, spawn, (line) => keep('temporal', line));
    const temporalAddress = engine.address;
    const connection = await Connection.connect({ address: temporalAddress });
    await registerSearchAttributes(connection, NAMESPACE);

    const [port, emsPort, nDeliusPort] = await freePorts(3);
    const taskQueue = `bench-${port}`;
    const auditDir = temporary('bench-audit-');
    const databaseUrl = await postgres.urlOf('record');
    await migrateRecordAt(databaseUrl);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL,
      ...secrets,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: mail.url,
      AUDIT_LOG_PATH: join(auditDir, 'audit.jsonl'),
      DATABASE_URL: databaseUrl,
      EMS_API_URL: `http://127.0.0.1:${emsPort}`,
      EMS_SIMULATOR_PORT: String(emsPort),
      EMS_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/ems`,
      EMS_SIMULATOR_MODE: 'auto',
      EMS_SIMULATOR_DELAY_MS: String(config.emsDelayMs),
      EMS_SIMULATOR_RETRY_BASE_MS: '200',
      NDELIUS_API_URL: `http://127.0.0.1:${nDeliusPort}`,
      NDELIUS_STAND_IN_PORT: String(nDeliusPort),
    };
    // One folder per app: each thread writes a profile of its own (the worker's workflows run in threads).
    const profiled = (app: 'api' | 'worker') => {
      if (!config.profile) return [];
      const dir = join(config.resultsDir, 'profiles', app);
      mkdirSync(dir, { recursive: true });
      return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
    };
    // Each app counts its calls of what the cost breakdown measures, into a file of its own.
    const countsDir = temporary('bench-counts-');
    const app = (name: string, entry: 'api' | 'worker') =>
      spawn(
        name,
        process.execPath,
        [...profiled(entry), '--require', join(__dirname, 'count-calls.js'), appEntry(entry)],
        { ...env, BENCH_COUNTS_FILE: join(countsDir, `${name}.json`) },
      );
    spawn('ems', process.execPath, [appEntry('ems-simulator')], env);
    spawn('ndelius', process.execPath, [appEntry('ndelius-stand-in')], env);
    const workers = numbered('worker', config.workers);
    const workerPids = workers.map((name) => app(name, 'worker').process.pid!);
    app('api', 'api');

    const baseUrl = `http://127.0.0.1:${port}`;
    const emsUrl = `http://127.0.0.1:${emsPort}`;
    const started = Promise.all([
      waitUntil('the api to be healthy', () => isHttpOk(`${baseUrl}/health`), 120_000),
      waitUntil('the EMS simulator', () => isHttpOk(`${emsUrl}/admin/notices`), 120_000),
      waitUntil('the nDelius stand-in', () => isHttpOk(`http://127.0.0.1:${nDeliusPort}/ping`), 120_000),
      waitUntil('the workers to poll', () => hasPollers(connection, taskQueue, workerPids), 120_000),
    ]);
    const died = children.map((child) =>
      child.exited.then((code) =>
        Promise.reject(new Error(`${child.name} exited with ${code} while starting`)),
      ),
    );
    await Promise.race([started, ...died]);
    await connection.close();

    return {
      baseUrl,
      emsUrl,
      temporalAddress,
      engine: engine.description,
      taskQueue,
      workers,
      secrets,
      mail,
      children,
      postgresPid: postgres.pid,
      temporalPid: engine.pid,
      processes: () => [
        ...children.filter(isRunning).map(({ name, process }) => ({ name, pid: process.pid! })),
        { name: 'postgres', pid: postgres.pid, tree: true },
        ...(engine?.sampled ?? []),
      ],
      countsDir,
      spawn: (name, args, childEnv) => spawn(name, process.execPath, args, { ...env, ...childEnv }),
      token: (role, user) => localToken(secrets.AUTH_JWT_SECRET, { role, user }),
      lastLines: (name) => output.get(name) ?? [],
      stop,
    };
  } catch (error) {
    const tails = [...output].map(([name, lines]) => lines.slice(-15).map((line) => `[${name}] ${line}`));
    await stop();
    throw new Error(`${(error as Error).message}\n${tails.flat().join('\n')}`);
  }
}

interface Engine {
  address: string;
  description: string;
  /** The server's process, and what the bench samples of it (a dev server is sampled as a child). */
  pid?: number;
  sampled?: Sampled[];
  stop?(): Promise<void>;
}

/** The Temporal server the config asks for, on free ports, with the search attributes the service needs. */
async function startEngine(
  config: BenchConfig,
  spawn: (name: string, command: string, args: string[], env: NodeJS.ProcessEnv) => Child,
  log: (line: string) => void,
): Promise<Engine> {
  if (config.temporalAddress)
    return { address: config.temporalAddress, description: `${config.temporalAddress} (TEMPORAL_ADDRESS)` };
  if (config.engine === 'cluster') return startCluster(log);
  const port = await freePort();
  const server = spawn(
    'temporal',
    resolveTemporalCli(),
    devServerArgs(port, { logLevel: 'warn' }),
    process.env,
  );
  const address = `127.0.0.1:${port}`;
  await untilServing(address, server);
  return { address, description: 'dev server (in memory), started by the bench', pid: server.process.pid };
}

/** The full server on its own PostgreSQL in a temporary folder, both counted as Temporal's. */
async function startCluster(log: (line: string) => void): Promise<Engine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-temporal-'));
  const cluster = await startTemporalCluster({
    dataDir,
    ...(await freeClusterPorts()),
    namespace: NAMESPACE,
    log,
  });
  const pid = cluster.serverPid();
  return {
    address: cluster.address,
    description: `full server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (${HISTORY_SHARDS} history shards), started by the bench`,
    pid,
    sampled: [
      ...(pid ? [{ name: 'temporal', pid }] : []),
      { name: 'temporal-postgres', pid: cluster.postgres.pid, tree: true },
    ],
    stop: () => cluster.discard(),
  };
}

/**
 * True once a worker polls the task queue for workflow tasks; given pids, once each of those
 * processes does (a worker's identity starts with its pid, and a stopped one stays listed a while).
 */
export async function hasPollers(
  connection: Connection,
  taskQueue: string,
  pids?: number[],
): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: NAMESPACE,
    taskQueue: { name: taskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const identities = (pollers ?? []).map((poller) => poller.identity ?? '');
  if (!pids) return identities.length > 0;
  return pids.every((pid) => identities.some((identity) => identity.startsWith(`${pid}@`)));
}
