import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import { plainLogger } from '../../../libs/logging/src/logging';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The Temporal SDK's and the workflows' logs, as the same JSON lines as the app's own. */
export function temporalLogger(): DefaultLogger {
  const log = plainLogger('worker').child({ context: 'Temporal' });
  return new DefaultLogger('INFO', ({ level, message, meta }) =>
    log[PINO_LEVEL[level as LogLevel]](meta ?? {}, message),
  );
}
