import { Logger } from '@nestjs/common';
import { AuthenticationClient, InMemoryTokenStore } from '@ministryofjustice/hmpps-auth-clients';

/** Where nDelius's bearer token comes from: asked for on every call, so a source may renew it. */
export type TokenSource = () => Promise<string>;

/** Locally and in tests: a fixed token (NDELIUS_API_TOKEN), as the stand-in expects. */
export const fixedToken =
  (token: string): TokenSource =>
  () =>
    Promise.resolve(token);

export interface SystemClient {
  authUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * In production: a system token from HMPPS Auth by client credentials, kept until shortly before it
 * expires (HMPPS's own client, as their services use it, with its in-memory store).
 */
export function hmppsAuthSystemToken({ authUrl, clientId, clientSecret }: SystemClient): TokenSource {
  const client = new AuthenticationClient(
    {
      url: authUrl,
      timeout: { response: 5_000, deadline: 10_000 },
      agent: { timeout: 10_000 },
      systemClientId: clientId,
      systemClientSecret: clientSecret,
    },
    authLogger(),
    new InMemoryTokenStore(),
  );
  return () => client.getToken();
}

/** The client logs as bunyan does; ours go through Nest's logger (a system token names no person). */
function authLogger() {
  const logger = new Logger('HmppsAuth');
  return {
    info: (message: string) => logger.log(message),
    debug: (message: string) => logger.debug(message),
    warn: (message: string) => logger.warn(message),
    error: (error: unknown, message?: string) => logger.error(message ?? String(error)),
  } as unknown as Console;
}
