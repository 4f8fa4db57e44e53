import { IsNotEmpty, IsString, IsUrl, ValidateIf } from 'class-validator';
import { NDeliusClient } from './ndelius-client';
import { fixedToken, hmppsAuthSystemToken } from './ndelius-token';

// A mixin's base must take any constructor arguments (TypeScript's rule for mixins).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Settings = new (...args: any[]) => object;

/**
 * nDelius's settings, for the api (reads) and the worker (contacts) alike: its URL, and either a
 * fixed token (local runs: the stand-in's) or HMPPS Auth client credentials (production).
 */
export function WithNDelius<Base extends Settings>(base: Base) {
  class NDeliusSettings extends base {
    /** `npm start` runs the stand-in here when it is unset. */
    @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
    NDELIUS_API_URL: string = 'http://127.0.0.1:3200';

    @ValidateIf((settings: NDeliusSettings) => !usesClientCredentials(settings))
    @IsString()
    @IsNotEmpty({ message: 'NDELIUS_API_TOKEN is required unless NDELIUS_AUTH_URL and its client are set' })
    NDELIUS_API_TOKEN?: string;

    // A system token from HMPPS Auth by client credentials: all three or none.
    @ValidateIf(usesClientCredentials)
    @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
    NDELIUS_AUTH_URL?: string;

    @ValidateIf(usesClientCredentials)
    @IsString()
    @IsNotEmpty({ message: 'NDELIUS_CLIENT_ID is needed with NDELIUS_AUTH_URL' })
    NDELIUS_CLIENT_ID?: string;

    @ValidateIf(usesClientCredentials)
    @IsString()
    @IsNotEmpty({ message: 'NDELIUS_CLIENT_SECRET is needed with NDELIUS_AUTH_URL' })
    NDELIUS_CLIENT_SECRET?: string;
  }
  return NDeliusSettings;
}

export interface NDeliusConnection {
  NDELIUS_API_URL: string;
  NDELIUS_API_TOKEN?: string;
  NDELIUS_AUTH_URL?: string;
  NDELIUS_CLIENT_ID?: string;
  NDELIUS_CLIENT_SECRET?: string;
}

function usesClientCredentials(settings: NDeliusConnection): boolean {
  return [settings.NDELIUS_AUTH_URL, settings.NDELIUS_CLIENT_ID, settings.NDELIUS_CLIENT_SECRET].some(
    (value) => value !== undefined,
  );
}

/** The client the settings describe (as an app's ConfigService gives them). */
export function nDeliusClient(
  setting: <K extends keyof NDeliusConnection>(key: K) => NDeliusConnection[K],
): NDeliusClient {
  const settings: NDeliusConnection = {
    NDELIUS_API_URL: setting('NDELIUS_API_URL'),
    NDELIUS_API_TOKEN: setting('NDELIUS_API_TOKEN'),
    NDELIUS_AUTH_URL: setting('NDELIUS_AUTH_URL'),
    NDELIUS_CLIENT_ID: setting('NDELIUS_CLIENT_ID'),
    NDELIUS_CLIENT_SECRET: setting('NDELIUS_CLIENT_SECRET'),
  };
  const token = usesClientCredentials(settings)
    ? hmppsAuthSystemToken({
        authUrl: settings.NDELIUS_AUTH_URL!,
        clientId: settings.NDELIUS_CLIENT_ID!,
        clientSecret: settings.NDELIUS_CLIENT_SECRET!,
      })
    : fixedToken(settings.NDELIUS_API_TOKEN!);
  return new NDeliusClient(settings.NDELIUS_API_URL, token);
}
