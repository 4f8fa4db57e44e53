import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SealedCookie } from './sealed-cookie';

/** What the session cookie holds. It exists before sign-in too, so the sign-in form has a CSRF token. */
export interface PageSession {
  /** Random: the CSRF token is bound to it. */
  sid: string;
  /** The signed-in user's access token (HMPPS Auth's, or a local one), verified on every request. */
  token?: string;
  /** OAuth2 `state` while the user is away signing in at HMPPS Auth. */
  oauthState?: string;
}

/** A page request without a signed-in user: the page filter sends the browser to sign in. */
export class SignInRequired extends UnauthorizedException {
  constructor() {
    super({ error: 'UNAUTHENTICATED', message: 'Sign in to use this page' });
  }
}

/** A form posted without this session's CSRF token: from another site, or from an earlier session. */
export class CsrfRefused extends ForbiddenException {
  constructor() {
    super({ error: 'CSRF', message: 'This form has expired' });
  }
}

const EIGHT_HOURS = 8 * 60 * 60;

/**
 * Sessions of the GOV.UK pages: an encrypted, http-only, SameSite=Lax cookie (Secure over https).
 * Nothing is kept on the server, so any api replica can serve any request.
 */
export class PageSessions {
  private readonly cookie: SealedCookie<PageSession>;
  private readonly csrfKey: Buffer;

  constructor(
    private readonly secret: string,
    readonly secure: boolean,
  ) {
    this.cookie = new SealedCookie('curfew_session', secret, { secure, maxAgeSeconds: EIGHT_HOURS });
    this.csrfKey = createHmac('sha256', secret).update('csrf').digest();
  }

  read(request: Request): Promise<PageSession | undefined> {
    return this.cookie.read(request);
  }

  /** The session of this request, or a new anonymous one (written to the response). */
  async open(request: Request, response: Response): Promise<PageSession> {
    const session = await this.read(request);
    if (session) return session;
    const fresh = { sid: randomBytes(18).toString('base64url') };
    await this.write(response, fresh);
    return fresh;
  }

  write(response: Response, session: PageSession): Promise<void> {
    return this.cookie.write(response, session);
  }

  clear(response: Response): void {
    this.cookie.clear(response);
  }

  /** Another sealed cookie of the pages (e.g. a journey's answers), under the same secret. */
  sealedCookie<T extends object>(name: string): SealedCookie<T> {
    return new SealedCookie<T>(name, this.secret, { secure: this.secure, maxAgeSeconds: EIGHT_HOURS });
  }

  /** The CSRF token of every form in this session: an HMAC of the session id. */
  csrfToken(session: PageSession): string {
    return createHmac('sha256', this.csrfKey).update(session.sid).digest('base64url');
  }

  checkCsrf(session: PageSession | undefined, given: unknown): void {
    if (!session || typeof given !== 'string') throw new CsrfRefused();
    const expected = Buffer.from(this.csrfToken(session));
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new CsrfRefused();
  }
}
