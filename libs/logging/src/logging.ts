import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Level, type Logger } from 'pino';

const LEVELS: Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** LOG_LEVEL (default info), refused at start when it is not a pino level. */
export function logLevel(env: NodeJS.ProcessEnv = process.env): Level {
  const level = (env.LOG_LEVEL ?? 'info') as Level;
  if (!LEVELS.includes(level)) {
    throw new Error(`Invalid configuration:\n  LOG_LEVEL: must be one of ${LEVELS.join(', ')}`);
  }
  return level;
}

/**
 * Wherever a secret or personal data could sit in a log object. Messages are written without
 * personal data in the first place (ids and statuses only); this is the second line of defence.
 */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.secret',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  'person',
  '*.person',
  'address',
  '*.address',
  'body',
  '*.body',
];

/**
 * A request as logged: the path with any token or CRN in it replaced and no query string, because
 * decision links carry their credential in the path, nDelius's calls a CRN, and a query may hold a
 * CRN (R17).
 */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(/^\/decisions\/[^/]+/, '/decisions/:token').replace(/\/[A-Z]\d{6}(?=\/|$)/g, '/:crn');
}

const serializers = {
  req: (request: IncomingMessage & { id?: unknown }) => ({
    id: request.id,
    method: request.method,
    path: loggedPath(request.url),
  }),
  res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
};

/** The options every logger here shares: level, redaction, serialisers, ISO time. */
export function loggerOptions(app: string, env: NodeJS.ProcessEnv = process.env): pino.LoggerOptions {
  return {
    name: app,
    level: logLevel(env),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers,
    // ISO time is what an operator greps for; pino's default is epoch milliseconds.
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

const PROBES = new Set(['/health', '/ping']);

/** One JSON line per log entry on stdout: the Nest apps' logger (nestjs-pino). */
export function loggingModule(app: string, env: NodeJS.ProcessEnv = process.env) {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...loggerOptions(app, env),
      // Probes poll every few seconds: they would drown everything else.
      autoLogging: { ignore: (request) => PROBES.has(loggedPath(request.url)) },
      customProps: () => ({ context: 'HTTP' }),
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // A caller's correlation id is kept when it looks like one; otherwise each request gets its own.
      genReqId: (request) => {
        const given = request.headers['x-request-id'];
        return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
      },
    },
  });
}

/** The same logger outside Nest (the Temporal runtime's logs in the worker). */
export function plainLogger(app: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return pino(loggerOptions(app, env));
}
