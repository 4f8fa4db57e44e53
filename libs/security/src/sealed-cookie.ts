import { createHmac } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { CookieOptions, Request, Response } from 'express';

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
    const value = cookieValue(request, this.name);
    if (!value) return undefined;
    try {
      const { payload } = await jwtDecrypt(value, this.key);
      return payload.data as T;
    } catch {
      return undefined; // expired, tampered with, or sealed under an old secret: as if absent
    }
  }

  async write(response: Response, data: T): Promise<void> {
    const value = await new EncryptJWT({ data })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${this.options.maxAgeSeconds}s`)
      .encrypt(this.key);
    response.cookie(this.name, value, { ...this.cookieOptions(), maxAge: this.options.maxAgeSeconds * 1000 });
  }

  clear(response: Response): void {
    response.clearCookie(this.name, this.cookieOptions());
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
