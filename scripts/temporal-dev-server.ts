// The Temporal CLI's dev server as the bench and the tests start it: headless, on a port of their
// choosing, with the service's search attributes. Started as a child of ours and awaited with
// untilServing (scripts/temporal-ready.ts): the SDK's own start gives the server 5 s, too little when
// other work shares two cores.
import { searchAttributeKeys } from '../workflows/search-attributes';

/**
 * Server settings for every dev server we start (docs/operations.md has them for production):
 * - an activity the workflow schedules goes straight back to the worker that completed the task
 *   (eager execution), in place of a round through the task queue;
 * - search attributes are read from the server's cache, as on a production server. The dev server
 *   otherwise reads them from its database at every use (every start, status write and list), so
 *   that one created a moment ago shows at once. Ours are created with the database; one added to a
 *   kept database by `npm start` is taken up by the cache within a minute.
 */
export const SERVER_SETTINGS = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
  '--dynamic-config-value',
  'system.forceSearchAttributesCacheRefreshOnRead=false',
];

export function devServerArgs(
  port: number,
  options: {
    dbFilename?: string;
    logLevel: string;
    searchAttributes?: boolean;
    /** The web UI, with the codec endpoint that lets it show decrypted payloads; headless without. */
    ui?: { port: number; codecEndpoint: string };
  },
): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), ...SERVER_SETTINGS];
  if (options.ui)
    args.push('--ui-port', String(options.ui.port), '--ui-codec-endpoint', options.ui.codecEndpoint);
  else args.push('--headless');
  args.push('--namespace', 'default', '--log-format', 'pretty', '--log-level', options.logLevel);
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  // Created with a new database only (the namespace of a kept one stays as it is). KEYWORD -> Keyword,
  // as the CLI spells types.
  for (const { name, type } of options.searchAttributes === false ? [] : searchAttributeKeys) {
    args.push('--search-attribute', `${name}=${type[0]}${type.slice(1).toLowerCase()}`);
  }
  return args;
}
