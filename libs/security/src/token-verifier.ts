import {
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { webcrypto } from 'node:crypto';
import type { StaffUser } from './staff-user';

export interface AuthSettings {
  AUTH_JWKS_URL?: string;
  AUTH_JWT_SECRET?: string;
  /** The token issuer (HMPPS Auth's URL); required with a JWKS, checked whenever set. */
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
}

/** Verifies bearer tokens: against HMPPS Auth's JWKS in production, an HS256 secret locally. */
export class TokenVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly secret?: Promise<webcrypto.CryptoKey>;
  private readonly options: JWTVerifyOptions;

  constructor(settings: AuthSettings) {
    // A token that never expires is never accepted, whoever signed it.
    this.options = {
      requiredClaims: ['exp'],
      issuer: settings.AUTH_ISSUER,
      audience: settings.AUTH_AUDIENCE,
    };
    if (settings.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL));
    // Imported once: jose imports a secret given as bytes again for every token it verifies.
    else if (settings.AUTH_JWT_SECRET) this.secret = hmacKey(settings.AUTH_JWT_SECRET);
    else throw new Error('Set AUTH_JWKS_URL (production) or AUTH_JWT_SECRET (local) to verify tokens');
  }

  /** Returns the user, or throws when the token is not valid (expired, forged, malformed). */
  async verify(token: string): Promise<StaffUser> {
    const { payload } = this.jwks
      ? await jwtVerify(token, this.jwks, this.options)
      : await jwtVerify(token, await this.secret!, { ...this.options, algorithms: ['HS256'] });
    return toStaffUser(payload);
  }
}

const hmacKey = (secret: string) =>
  webcrypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );

function toStaffUser(claims: JWTPayload): StaffUser {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const username = text(claims.user_name) ?? text(claims.sub);
  if (!username) throw new Error('token has no user_name');
  return {
    username,
    name: text(claims.name),
    email: text(claims.email),
    roles: list(claims.authorities),
    pduCodes: list(claims.pdu_codes),
  };
}
