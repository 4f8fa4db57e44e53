// Starting and stopping the service's processes: shared by `npm start` and the test harness.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = (line) => console.log(`[${name}] ${readable(line)}`),
): Child {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', onLine);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  child.once('error', (error) => onLine(`could not start: ${error.message}`));
  return { name, process: child, exited };
}

/**
 * The apps log JSON lines (for machines); on a developer's terminal a short line reads better:
 * level, context and message. Anything else is printed as it came.
 */
export function readable(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; context?: string; msg?: string };
    if (typeof entry.msg !== 'string') return line;
    return [entry.level?.toUpperCase(), entry.context && `(${entry.context})`, entry.msg]
      .filter(Boolean)
      .join(' ');
  } catch {
    return line;
  }
}

/** True until the process exits or is killed. */
export const isRunning = (child: Child): boolean =>
  child.process.exitCode === null && child.process.signalCode === null;

/** 'worker', 'worker-2', ...: `count` processes of one kind, the first with the plain name logs and tests know. */
export const numbered = (name: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => (i === 0 ? name : `${name}-${i + 1}`));

/** SIGTERM, then SIGKILL if the process has not gone within the grace time. */
export async function stopChild(child: Child, graceMs = 15_000): Promise<void> {
  if (!isRunning(child)) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Polls until `ready` answers true; fails with `what` after the timeout. Never a blind sleep. */
export async function waitUntil(
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** waitUntil, failing at once if `child` exits meanwhile (a crash on start says so, not a timeout). */
export function waitWhileRunning(
  child: Child,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs?: number,
): Promise<void> {
  return Promise.race([
    waitUntil(what, ready, timeoutMs),
    child.exited.then((code) =>
      Promise.reject(new Error(`${child.name} exited with ${code} while waiting for ${what}`)),
    ),
  ]);
}

export async function isHttpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return response.ok;
}
