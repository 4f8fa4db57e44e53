import { createHmac, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, Logger, UnauthorizedException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';
import { recordUnavailable } from '../../record/src/unavailable';

declare module 'express-session' {
  interface SessionData {
    /** Set once a page has used the session (the sign-in form's CSRF token): an unused one is not kept. */
    opened?: boolean;
    /** The signed-in user's access token (HMPPS Auth's, or a local one), verified on every request. */
    token?: string;
    /** OAuth2 `state` while the user is away signing in at HMPPS Auth. */
    oauthState?: string;
  }
}

/** A page session: its id (the CSRF token is bound to it) and what it holds. */
export interface PageSession {
  sid: string;
  token?: string;
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

const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;
const logger = new Logger('PageSessions');

/**
 * Sessions of the GOV.UK pages, kept on the server (express-session, in the record's PostgreSQL,
 * encrypted: session-store.ts); the browser's http-only, SameSite=Lax cookie (Secure over https)
 * holds only the signed session id. Any api replica can serve any request. Sign-out and expiry end
 * the session on the server too.
 */
export class PageSessions {
  /** Express middleware: every request gets its session (kept only once a page has used it). */
  readonly middleware: RequestHandler;
  private readonly csrfKey: Buffer;

  constructor(secret: string, secure: boolean, store: Store) {
    this.csrfKey = createHmac('sha256', secret).update('csrf').digest();
    const sessions = session({
      name: 'curfew_session',
      secret,
      store,
      resave: false,
      saveUninitialized: false,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: EIGHT_HOURS_MS, path: '/' },
    });
    this.middleware = (request: Request, response: Response, next: NextFunction) => {
      sessions(request, response, (error?: unknown) => {
        // Once answered, a later failure (saving the session as the answer ends) can only be logged.
        if (response.headersSent) {
          if (error) logger.warn(`A page session could not be kept: ${(error as Error).message}`);
          return;
        }
        if (error && recordUnavailable(error)) return unavailable(response);
        next(error);
      });
    };
  }

  async read(request: Request): Promise<PageSession | undefined> {
    const data = request.session;
    if (!data?.opened) return undefined;
    return { sid: data.id, token: data.token, oauthState: data.oauthState };
  }

  /** The session of this request, opened if it was not (so it is kept, for the form's CSRF token). */
  async open(request: Request): Promise<PageSession> {
    if (!request.session.opened) {
      request.session.opened = true;
      await saved(request);
    }
    return (await this.read(request))!;
  }

  /**
   * A new session, under a new id, holding `data`: on sign-in, so a session planted before it is worth
   * nothing after.
   */
  async start(request: Request, data: { token?: string; oauthState?: string }): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      request.session.regenerate((error: unknown) => (error ? reject(error) : resolve())),
    );
    Object.assign(request.session, { opened: true, ...data });
    await saved(request);
  }

  /** Sign-out: the session ends on the server, and the browser forgets its id. */
  async end(request: Request, response: Response): Promise<void> {
    if (request.session)
      await new Promise<void>((resolve, reject) =>
        request.session.destroy((error: unknown) => (error ? reject(error) : resolve())),
      );
    response.clearCookie('curfew_session', { path: '/' });
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

/**
 * Saves the session now. express-session would save it as the response ends, but may send the
 * response first: a browser following a redirect at once could then arrive before its session.
 */
export function saved(request: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    request.session.save((error: unknown) => (error ? reject(error) : resolve())),
  );
}

/** The sessions' database is away: a page that says so, and when to try again. */
function unavailable(response: Response): void {
  response.setHeader('Retry-After', '5');
  response.status(503).render('pages/error', {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again in a few minutes. Nothing you had saved is lost.'],
  });
}
