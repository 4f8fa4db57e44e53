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
  mailbox: TestMailbox;
  temporal: TestTemporal;
  /** Everything the apps printed: tests assert on it (no personal data in logs). */
  output: string[];
  token(role: string, options?: { pdu?: string; user?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const temporal = await startTemporal();
  const mailbox = await startMailbox();
  const port = await freePort();
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
    ...extraEnv,
  };
  const keep = (name: string) => (line: string) => output.push(`[${name}] ${line}`);
  const children: Child[] = [
    spawnChild('worker', process.execPath, [appEntry('worker')], env, keep('worker')),
    spawnChild('api', process.execPath, [appEntry('api')], env, keep('api')),
  ];
  const baseUrl = `http://127.0.0.1:${port}`;
  const stack: Stack = {
    baseUrl,
    mailbox,
    temporal,
    output,
    token: (role, options = {}) => localToken(temporal.secrets.AUTH_JWT_SECRET, { role, ...options }),
    stop: async () => {
      await Promise.all(children.map((child) => stopChild(child)));
      await temporal.env.teardown();
      // A test may have put a new mailbox in place of the first.
      await Promise.all([mailbox.stop(), stack.mailbox.stop()]);
    },
  };
  try {
    // Ready when healthy; a process that dies while starting fails the start at once.
    await Promise.race([
      waitUntil('the api to be healthy', () => isHttpOk(`${baseUrl}/health`), 90_000),
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
