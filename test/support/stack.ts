import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The real service for end-to-end tests: a test Temporal server, the compiled worker and api as
// separate processes, real HTTP between them. `npm test` builds dist/ first.
import { appEntry } from '../../libs/config/src/paths';
import { type Child, isHttpOk, spawnChild, stopChild, waitUntil } from '../../scripts/processes';
import { localToken } from '../../scripts/token';
import { startMailbox, type TestMailbox } from './mailbox';
import { freePort } from './ports';
import { startTemporal, type TestTemporal } from './temporal-server';

export interface Stack {
  baseUrl: string;
  /** The R17 audit trail the apps write (JSON lines). */
  auditLog: string;
  /** The EMS simulator, for its admin API (rules, notices, deliveries). */
  emsUrl: string;
  mailbox: TestMailbox;
  temporal: TestTemporal;
  /** Everything the apps printed: tests assert on it (no personal data in logs). */
  output: string[];
  token(role: string, options?: { pdu?: string; user?: string }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `ems: 'hold'` (the default) runs the EMS simulator taking notices but sending nothing on its own,
 * for tests that send the provider's webhooks themselves; `'auto'` lets it confirm and visit.
 */
export async function startStack(
  options: { ems?: 'auto' | 'hold'; env?: NodeJS.ProcessEnv; temporalDb?: string } = {},
): Promise<Stack> {
  const temporal = await startTemporal({ dbFilename: options.temporalDb });
  const mailbox = await startMailbox();
  const [port, emsPort] = [await freePort(), await freePort()];
  const auditLog = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
  const output: string[] = [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    ...temporal.secrets,
    TEMPORAL_ADDRESS: temporal.env.address,
    TEMPORAL_TASK_QUEUE: `test-${port}`,
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: mailbox.url,
    AUDIT_LOG_PATH: auditLog,
    EMS_API_URL: `http://127.0.0.1:${emsPort}`,
    EMS_SIMULATOR_PORT: String(emsPort),
    EMS_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/ems`,
    EMS_SIMULATOR_MODE: options.ems ?? 'hold',
    EMS_SIMULATOR_DELAY_MS: '100',
    EMS_SIMULATOR_RETRY_BASE_MS: '200',
    ...options.env,
  };
  const keep = (name: string) => (line: string) => output.push(`[${name}] ${line}`);
  const children: Child[] = [
    spawnChild('worker', process.execPath, [appEntry('worker')], env, keep('worker')),
    spawnChild('api', process.execPath, [appEntry('api')], env, keep('api')),
    spawnChild('ems', process.execPath, [appEntry('ems-simulator')], env, keep('ems')),
  ];
  const baseUrl = `http://127.0.0.1:${port}`;
  const stack: Stack = {
    baseUrl,
    auditLog,
    emsUrl: `http://127.0.0.1:${emsPort}`,
    mailbox,
    temporal,
    output,
    token: (role, options = {}) => localToken(temporal.secrets.AUTH_JWT_SECRET, { role, ...options }),
    stop: async () => {
      await Promise.all(children.map((child) => stopChild(child)));
      // A test may already have stopped Temporal to see how the service copes.
      await temporal.env.teardown().catch(() => undefined);
      // A test may have put a new mailbox in place of the first.
      await Promise.all([mailbox.stop(), stack.mailbox.stop()]);
    },
  };
  try {
    // Ready when healthy; a process that dies while starting fails the start at once.
    await Promise.race([
      Promise.all([
        waitUntil('the api to be healthy', () => isHttpOk(`${baseUrl}/health`), 90_000),
        waitUntil('the EMS simulator', () => isHttpOk(`http://127.0.0.1:${emsPort}/admin/notices`), 90_000),
      ]),
      ...children.map((child) =>
        child.exited.then((code) =>
          Promise.reject(new Error(`${child.name} exited with ${code} while starting`)),
        ),
      ),
    ]);
  } catch (error) {
    await stack.stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`);
  }
  return stack;
}
