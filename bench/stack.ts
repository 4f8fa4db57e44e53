// The service as the bench runs it: a Temporal dev server (unless TEMPORAL_ADDRESS is set), an SMTP
// sink, the EMS simulator in auto mode, and the compiled worker and api as separate processes.
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEntry } from '../libs/config/src/paths';
import { type Child, isHttpOk, spawnChild, stopChild, waitUntil } from '../scripts/processes';
import { generateSecrets, type LocalSecrets } from '../scripts/local-secrets';
import { registerSearchAttributes } from '../scripts/register-search-attributes';
import { resolveTemporalCli } from '../scripts/temporal-cli';
import { devServerArgs, untilServing } from '../scripts/temporal-dev-server';
import { localToken } from '../scripts/token';
import { startLocalPostgres } from '../scripts/local-postgres';
import { migrateRecordAt } from '../scripts/migrate-record';
import type { BenchConfig } from './config';
import { type MailSink, startMailSink } from './mail-sink';
import { freePort } from './ports';

export const NAMESPACE = process.env.TEMPORAL_NAMESPACE || 'default';

export interface Stack {
  baseUrl: string;
  emsUrl: string;
  temporalAddress: string;
  taskQueue: string;
  secrets: LocalSecrets;
  mail: MailSink;
  /** The processes whose CPU and memory the bench reads; the Temporal server only when we started it. */
  children: Child[];
  /** The record's PostgreSQL server, whose connections are processes of their own. */
  postgresPid: number;
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
  const spawn = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv) => {
    const lines: string[] = [];
    output.set(name, lines);
    const child = spawnChild(name, command, args, env, (line) => {
      lines.push(line);
      if (lines.length > 50) lines.shift();
    });
    children.push(child);
    return child;
  };

  const mail = await startMailSink();
  // The record's own PostgreSQL, on a port and in a folder of its own.
  const postgres = await startLocalPostgres({
    dataDir: join(mkdtempSync(join(tmpdir(), 'bench-record-')), 'postgres'),
    port: await freePort(),
  });
  const stop = async () => {
    // Apps first, so the worker finishes in-flight work while Temporal is still there.
    for (const child of [...children].reverse()) await stopChild(child);
    await mail.stop();
    await postgres.stop();
  };

  try {
    const temporalAddress = config.temporalAddress ?? (await startTemporal(spawn));
    const connection = await Connection.connect({ address: temporalAddress });
    await registerSearchAttributes(connection, NAMESPACE);

    const [port, emsPort, nDeliusPort] = [await freePort(), await freePort(), await freePort()];
    const taskQueue = `bench-${port}`;
    const auditDir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
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
      if (!config.profile) return [appEntry(app)];
      const dir = join(config.resultsDir, 'profiles', app);
      mkdirSync(dir, { recursive: true });
      return ['--cpu-prof', `--cpu-prof-dir=${dir}`, appEntry(app)];
    };
    spawn('ems', process.execPath, [appEntry('ems-simulator')], env);
    spawn('ndelius', process.execPath, [appEntry('ndelius-stand-in')], env);
    spawn('worker', process.execPath, profiled('worker'), env);
    spawn('api', process.execPath, profiled('api'), env);

    const baseUrl = `http://127.0.0.1:${port}`;
    const emsUrl = `http://127.0.0.1:${emsPort}`;
    const started = Promise.all([
      waitUntil('the api to be healthy', () => isHttpOk(`${baseUrl}/health`), 120_000),
      waitUntil('the EMS simulator', () => isHttpOk(`${emsUrl}/admin/notices`), 120_000),
      waitUntil('the nDelius stand-in', () => isHttpOk(`http://127.0.0.1:${nDeliusPort}/ping`), 120_000),
      waitUntil('the worker to poll', () => hasPollers(connection, taskQueue), 120_000),
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
      taskQueue,
      secrets,
      mail,
      children,
      postgresPid: postgres.pid,
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

/** The dev server, in memory, on a free port, with the search attributes the service needs. */
async function startTemporal(
  spawn: (name: string, command: string, args: string[], env: NodeJS.ProcessEnv) => Child,
): Promise<string> {
  const port = await freePort();
  const server = spawn(
    'temporal',
    resolveTemporalCli(),
    devServerArgs(port, { logLevel: 'warn' }),
    process.env,
  );
  const address = `127.0.0.1:${port}`;
  await untilServing(address, server);
  return address;
}

/** True once a worker polls the task queue for workflow tasks. */
export async function hasPollers(connection: Connection, taskQueue: string): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: NAMESPACE,
    taskQueue: { name: taskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (pollers?.length ?? 0) > 0;
}
