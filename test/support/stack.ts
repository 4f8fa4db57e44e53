import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
// The real service for end-to-end tests: a test Temporal server, the compiled worker and api as
// separate processes, real HTTP between them. `npm test` builds dist/ first. The fault tests break
// it on purpose: processes killed and restarted, Temporal and the mail relay taken away and brought back.
import { appEntry } from '../../libs/config/src/paths';
import {
  type Child,
  isHttpOk,
  isRunning,
  numbered,
  spawnChild,
  stopChild,
  waitUntil,
} from '../../scripts/processes';
import { localToken } from '../../scripts/token';
import { type FaultyLink, startFaultyLink } from './faulty-link';
import { startMailbox, type TestMailbox } from './mailbox';
import { freePort } from './ports';
import { startLocalPostgres } from '../../scripts/local-postgres';
import { migrateRecordAt } from '../../scripts/migrate-record';
import { startTemporal, type TestTemporal } from './temporal-server';

export interface StackOptions {
  /**
   * `'hold'` (the default) runs the EMS simulator taking notices but sending nothing on its own, for
   * tests that send the provider's webhooks themselves; `'auto'` lets it confirm and visit.
   */
  ems?: 'auto' | 'hold';
  env?: NodeJS.ProcessEnv;
  /** The dev server's SQLite file (a new temporary one by default); kept across stopTemporal(). */
  temporalDb?: string;
  /** Worker processes polling the one task queue, named 'worker', 'worker-2', ... (default 1). */
  workers?: number;
  /** Api processes, each on a port of its own, named 'api', 'api-2', ... (default 1). */
  apis?: number;
  /** A process run from another build than this checkout's, by name: an older worker for a rolling upgrade. */
  entries?: Record<string, string>;
}

export interface Stack {
  /** The first api. */
  baseUrl: string;
  /** Every api, in the order of their names ('api', 'api-2', ...). */
  baseUrls: string[];
  /** The R17 audit trail the apps write (JSON lines). */
  auditLog: string;
  /** The record's database (PostgreSQL), its schema made. */
  databaseUrl: string;
  /** Its server's data directory, WAL included. */
  recordDataDir: string;
  /** The nDelius stand-in, for its admin API (people, contacts). */
  nDeliusUrl: string;
  /** The EMS simulator, for its admin API (rules, notices, deliveries). */
  emsUrl: string;
  /** The worker reaches the EMS provider's API through this: set its mode to make it fail or time out. */
  emsLink: FaultyLink;
  /** The relay now in place (startMailbox() puts a new one here). */
  mailbox: TestMailbox;
  /** The Temporal server now running (startTemporal() puts a new one here). */
  temporal: TestTemporal;
  /** The task queue the workers poll. */
  taskQueue: string;
  /** Everything the apps printed, each line prefixed with its process name: tests assert on it. */
  output: string[];
  /** The app processes by name: 'worker', 'worker-2', ..., 'api', 'api-2', ..., 'ems', 'ndelius'. */
  processes: string[];
  token(role: string, options?: { pdu?: string; user?: string }): Promise<string>;
  /** Sends a process a signal (kill -9 by default) and waits until it has gone. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops a process as an orchestrator does: SIGTERM, SIGKILL after the grace time. Its exit code. */
  stopProcess(name: string, graceMs?: number): Promise<number | string>;
  /** Starts a process again as it was (stopping it first if it still runs) and waits until it is ready. */
  restart(name: string): Promise<void>;
  /** SIGSTOP: the process keeps its port but answers nothing, so callers time out. */
  pause(name: string): void;
  /** SIGCONT after pause(). */
  resume(name: string): void;
  /** Stops the Temporal server (the process; the full server's PostgreSQL runs on); what it holds stays. */
  stopTemporal(): Promise<void>;
  /** Starts Temporal again on the same port and store, where the apps' TEMPORAL_ADDRESS points. */
  startTemporal(): Promise<void>;
  /** Stops the record's PostgreSQL (fast: connections are cut; immediate: as a crash); its data stays. */
  stopRecordDatabase(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  startRecordDatabase(): Promise<void>;
  /** Takes the SMTP relay away: its port refuses connections. */
  stopMailbox(): Promise<void>;
  /** A new relay on the same port. */
  startMailbox(): Promise<void>;
  /** Every message every relay of this stack received. */
  mailReceived(): ParsedMail[];
  stop(): Promise<void>;
}

type AppKind = 'worker' | 'api' | 'ems' | 'ndelius';

interface AppProcess {
  kind: AppKind;
  env: NodeJS.ProcessEnv;
  /** Answers once the process is ready to work, polled from its start. */
  ready: (since: number) => Promise<boolean>;
  child: Child;
}

const ENTRIES: Record<AppKind, string> = {
  worker: appEntry('worker'),
  api: appEntry('api'),
  ems: appEntry('ems-simulator'),
  ndelius: appEntry('ndelius-stand-in'),
};

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const temporalDb = options.temporalDb ?? join(mkdtempSync(join(tmpdir(), 'temporal-db-')), 'temporal.db');
  // A fixed port, so a restarted server is found where the apps' TEMPORAL_ADDRESS says.
  const temporalPort = await freePort();
  let temporal = await startTemporal({ dbFilename: temporalDb, port: temporalPort });
  const secrets = temporal.secrets;
  const mailboxes = [await startMailbox()];
  const smtpPort = Number(new URL(mailboxes[0].url).port);
  const apiPorts: number[] = [];
  for (let i = 0; i < (options.apis ?? 1); i++) apiPorts.push(await freePort());
  const emsPort = await freePort();
  const baseUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const emsUrl = `http://127.0.0.1:${emsPort}`;
  const nDeliusPort = await freePort();
  const nDeliusUrl = `http://127.0.0.1:${nDeliusPort}`;
  const emsLink = await startFaultyLink(emsUrl);
  const auditLog = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
  // A fixed folder and port, so a restarted server is found where the apps' DATABASE_URL points.
  const recordDir = join(mkdtempSync(join(tmpdir(), 'record-')), 'postgres');
  const recordPort = await freePort();
  const startRecordDatabase = () => startLocalPostgres({ dataDir: recordDir, port: recordPort });
  let postgres = await startRecordDatabase();
  const databaseUrl = await postgres.urlOf('record');
  await migrateRecordAt(databaseUrl);
  const output: string[] = [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    ...secrets,
    TEMPORAL_ADDRESS: temporal.env.address,
    TEMPORAL_TASK_QUEUE: `test-${apiPorts[0]}`,
    PORT: String(apiPorts[0]),
    PUBLIC_BASE_URL: baseUrls[0],
    SMTP_URL: mailboxes[0].url,
    AUDIT_LOG_PATH: auditLog,
    DATABASE_URL: databaseUrl,
    EMS_API_URL: emsLink.url,
    EMS_SIMULATOR_PORT: String(emsPort),
    EMS_WEBHOOK_URL: `${baseUrls[0]}/webhooks/ems`,
    EMS_SIMULATOR_MODE: options.ems ?? 'hold',
    EMS_SIMULATOR_DELAY_MS: '100',
    EMS_SIMULATOR_RETRY_BASE_MS: '200',
    NDELIUS_API_URL: nDeliusUrl,
    NDELIUS_STAND_IN_PORT: String(nDeliusPort),
    LOCAL_SIGN_IN: 'true',
    ...options.env,
  };

  const apps = new Map<string, AppProcess>();
  /** The last lines a process printed: what a failure report needs to say why it went. */
  const lastLinesOf = (name: string) =>
    output
      .filter((line) => line.startsWith(`[${name}] `))
      .slice(-15)
      .join('\n');
  /** Processes a test or the stack itself is stopping: their exit is no news. */
  const stopping = new Set<Child>();
  const launch = (name: string) => {
    const app = apps.get(name)!;
    const entry = options.entries?.[name] ?? ENTRIES[app.kind];
    const child = spawnChild(name, process.execPath, [entry], app.env, (line) =>
      output.push(`[${name}] ${line}`),
    );
    app.child = child;
    // A process that goes by itself leaves the stack short of it: say so where CI's log shows it.
    void child.exited.then((code) => {
      if (!stopping.has(child))
        process.stderr.write(
          `[stack] ${name} exited by itself (${code}); it last printed:\n${lastLinesOf(name)}\n`,
        );
    });
  };
  const add = (name: string, kind: AppKind, ready: AppProcess['ready'], own: NodeJS.ProcessEnv = {}) => {
    apps.set(name, { kind, env: { ...env, ...own }, ready, child: undefined as never });
    launch(name);
  };
  for (const name of numbered('worker', options.workers ?? 1)) {
    // Ready once this start of it (not an earlier one) polls the task queue.
    add(name, 'worker', async (since) =>
      output.slice(since).some((line) => line.startsWith(`[${name}] `) && line.includes('Worker polling')),
    );
  }
  numbered('api', apiPorts.length).forEach((name, i) => {
    // Answering at all will do: /health is 503 while Temporal or the relay is away on purpose.
    add(name, 'api', () => answers(baseUrls[i]), { PORT: String(apiPorts[i]), PUBLIC_BASE_URL: baseUrls[i] });
  });
  add('ems', 'ems', () => isHttpOk(`${emsUrl}/admin/notices`));
  add('ndelius', 'ndelius', () => isHttpOk(`${nDeliusUrl}/ping`));

  const app = (name: string) => {
    const found = apps.get(name);
    if (!found) throw new Error(`No process ${name}; there are ${[...apps.keys()].join(', ')}`);
    return found;
  };
  /** Waits until the named processes are ready; one that dies meanwhile fails the wait at once. */
  const readiness = (which: string[], since: number) =>
    Promise.race([
      Promise.all(
        which.map((name) => waitUntil(`${name} to be ready`, () => app(name).ready(since), 90_000)),
      ),
      ...which.map((name) =>
        app(name).child.exited.then((code) => {
          // What it printed last says why; without it a failed start is a mystery in CI's log.
          return Promise.reject(
            new Error(`${name} exited with ${code} while starting:\n${lastLinesOf(name)}`),
          );
        }),
      ),
    ]);

  const stack: Stack = {
    taskQueue: env.TEMPORAL_TASK_QUEUE!,
    baseUrl: baseUrls[0],
    baseUrls,
    auditLog,
    databaseUrl,
    recordDataDir: postgres.dataDir,
    nDeliusUrl,
    emsUrl,
    emsLink,
    mailbox: mailboxes[0],
    temporal,
    output,
    processes: [...apps.keys()],
    token: (role, tokenOptions = {}) => localToken(secrets.AUTH_JWT_SECRET, { role, ...tokenOptions }),
    kill: async (name, signal = 'SIGKILL') => {
      const { child } = app(name);
      stopping.add(child);
      child.process.kill(signal);
      await child.exited;
    },
    stopProcess: async (name, graceMs) => {
      const { child } = app(name);
      stopping.add(child);
      await stopChild(child, graceMs);
      return child.exited;
    },
    restart: async (name) => {
      // One still running is stopped first, so it is not left behind.
      stopping.add(app(name).child);
      await stopChild(app(name).child);
      const since = output.length;
      launch(name);
      await readiness([name], since);
    },
    pause: (name) => app(name).child.process.kill('SIGSTOP'),
    resume: (name) => app(name).child.process.kill('SIGCONT'),
    stopTemporal: () => (temporal.cluster ? temporal.cluster.stopServer() : temporal.env.teardown()),
    startTemporal: async () => {
      if (temporal.cluster) return temporal.cluster.startServer();
      temporal = await startTemporal({ dbFilename: temporalDb, port: temporalPort, secrets });
      stack.temporal = temporal;
    },
    stopRecordDatabase: (mode) => postgres.stop(mode),
    startRecordDatabase: async () => {
      postgres = await startRecordDatabase();
    },
    stopMailbox: () => stack.mailbox.stop(),
    startMailbox: async () => {
      stack.mailbox = await startMailbox(smtpPort);
      mailboxes.push(stack.mailbox);
    },
    mailReceived: () => [...new Set([...mailboxes, stack.mailbox])].flatMap((mailbox) => mailbox.received),
    stop: async () => {
      // A paused process would not act on SIGTERM.
      for (const { child } of apps.values()) {
        stopping.add(child);
        if (isRunning(child)) child.process.kill('SIGCONT');
      }
      await Promise.all([...apps.values()].map(({ child }) => stopChild(child)));
      // A test may already have stopped Temporal to see how the service copes.
      await temporal.env.teardown().catch(() => undefined);
      // A test may have put a new mailbox in place of the first.
      await Promise.all([...mailboxes, stack.mailbox].map((mailbox) => mailbox.stop()));
      await emsLink.stop();
      await postgres.discard();
    },
  };
  try {
    await readiness(stack.processes, 0);
    await Promise.all(
      baseUrls.map((url) => waitUntil('the api to be healthy', () => isHttpOk(`${url}/health`), 90_000)),
    );
  } catch (error) {
    await stack.stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`);
  }
  return stack;
}

/** The server answers HTTP, whatever the status. */
const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
