import { createHmac } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { CookieOptions, Request, Response } from 'express';

/** A browser keeps a cookie of up to 4096 bytes, its name and attributes included. */
const PART_LENGTH = 3800;
/** Parts of one value: three, with the session's, stay well inside Node's 16 KB of request headers. */
const PARTS = 3;

/** More than a sealed cookie can carry: the caller says so to the person rather than lose it. */
export class CookieTooLarge extends Error {
  constructor(name: string) {
    super(`The ${name} cookie would be larger than a browser keeps`);
    this.name = 'CookieTooLarge';
  }
}

/**
 * A cookie whose value is encrypted JSON (jose, dir + A256GCM): the browser can neither read nor
 * change it. Each cookie has its own key, derived from one secret and the cookie's name, so a value
 * sealed for one cookie never opens as another.
 */
export class SealedCookie<T extends object> {
  private readonly key: Uint8Array;

  constructor(
    readonly name: string,
    secret: string,
    private readonly options: { secure: boolean; maxAgeSeconds: number },
  ) {
    this.key = createHmac('sha256', secret).update(`sealed-cookie:${name}`).digest();
  }

  async read(request: Request): Promise<T | undefined> {
    const parts = this.names().map((name) => cookieValue(request, name));
    const missing = parts.indexOf(undefined);
    const value = (missing === -1 ? parts : parts.slice(0, missing)).join('');
    if (!value) return undefined;
    try {
      const { payload } = await jwtDecrypt(value, this.key);
      return payload.data as T;
    } catch {
      return undefined; // expired, tampered with, or sealed under an old secret: as if absent
    }
  }

  /** Throws CookieTooLarge rather than let the browser drop what it cannot keep, silently. */
  async write(response: Response, data: T): Promise<void> {
    const value = await new EncryptJWT({ data })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${this.options.maxAgeSeconds}s`)
      .encrypt(this.key);
    const parts = Math.ceil(value.length / PART_LENGTH);
    if (parts > PARTS) throw new CookieTooLarge(this.name);
    this.names().forEach((name, i) => {
      const part = value.slice(i * PART_LENGTH, (i + 1) * PART_LENGTH);
      if (part)
        response.cookie(name, part, { ...this.cookieOptions(), maxAge: this.options.maxAgeSeconds * 1000 });
      else response.clearCookie(name, this.cookieOptions());
    });
  }

  clear(response: Response): void {
    for (const name of this.names()) response.clearCookie(name, this.cookieOptions());
  }

  /** The cookie and its continuations: `name`, `name.1`, `name.2`. */
  private names(): string[] {
    return Array.from({ length: PARTS }, (_, i) => (i === 0 ? this.name : `${this.name}.${i}`));
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.options.secure, path: '/' };
  }
}

/** One cookie from the Cookie header (the api has no cookie-parser); a malformed one is no cookie. */
export function cookieValue(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
