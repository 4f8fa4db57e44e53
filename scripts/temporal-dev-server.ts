// The Temporal CLI's dev server as the bench and the tests start it: headless, on a port of their
// choosing, with the service's search attributes, and ready once it answers. (The SDK's own start
// gives the server 5 s, too little when other work shares two cores.)
import { Connection } from '@temporalio/client';
import { searchAttributeKeys } from '../workflows/search-attributes';
import { type Child, waitUntil } from './processes';

/**
 * The server settings the service runs best with, on every server it starts: an activity the
 * workflow schedules goes straight back to the worker that completed the task (eager execution), in
 * place of a round through the task queue. (docs/operations.md: the same for a production server.)
 */
export const SERVER_SETTINGS = ['--dynamic-config-value', 'system.enableActivityEagerExecution=true'];

export function devServerArgs(
  port: number,
  options: { dbFilename?: string; logLevel: string; searchAttributes?: boolean },
): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless'];
  args.push(...SERVER_SETTINGS);
  args.push('--namespace', 'default', '--log-format', 'pretty', '--log-level', options.logLevel);
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  // KEYWORD -> Keyword, as the CLI spells types.
  for (const { name, type } of options.searchAttributes === false ? [] : searchAttributeKeys) {
    args.push('--search-attribute', `${name}=${type[0]}${type.slice(1).toLowerCase()}`);
  }
  return args;
}

/** Waits until the server answers, for a minute at most; fails at once if it exits meanwhile. */
export async function untilServing(address: string, server: Child): Promise<void> {
  await Promise.race([
    waitUntil(`the Temporal dev server on ${address}`, async () => {
      await (await Connection.connect({ address, connectTimeout: 1_000 })).close();
      return true;
    }),
    server.exited.then((code) => Promise.reject(new Error(`The Temporal dev server exited with ${code}`))),
  ]);
}
