import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Role } from '../../domain/src/variation';
import { PageSessions, SignInRequired } from './page-session';
import type { StaffUser } from './staff-user';
import { TokenVerifier } from './token-verifier';

const ROLES_KEY = 'roles';
const PUBLIC_KEY = 'public';
const PAGE_KEY = 'page';
const SESSION_ACCEPTED_KEY = 'session-accepted';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** The roles that may call a route (api.md). Any one of them is enough. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route with its own credentials or none (health, docs, decision links, webhooks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** A GOV.UK page for people: signed in by the session cookie, not a bearer token; every form needs its CSRF token. */
export const Page = () => SetMetadata(PAGE_KEY, true);
/**
 * An API route a signed-in browser may call with its session cookie instead of a bearer token: the
 * Temporal UI's codec calls. The cookie counts only on a JSON request: a page of another site can
 * send one only after a CORS preflight, and CORS lets only the Temporal UI's origin through.
 */
export const SessionAccepted = () => SetMetadata(SESSION_ACCEPTED_KEY, true);

export type AuthenticatedRequest = Request & { user?: StaffUser };
/** Where route metadata is read: the handler, then its controller. */
type Targets = Parameters<Reflector['getAllAndOverride']>[1];

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().user!,
);

/**
 * Global guard: every route needs a valid bearer token and one of its roles unless marked @Public().
 * Routes marked @Page() take the session cookie instead, and refuse a form without its CSRF token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly sessions: PageSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PAGE_KEY, targets)) return this.allowPage(context, targets);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, bearer] = (request.headers.authorization ?? '').split(' ');
    const token =
      scheme === 'Bearer' && bearer
        ? bearer
        : this.reflector.getAllAndOverride<boolean>(SESSION_ACCEPTED_KEY, targets) &&
            request.is('application/json')
          ? (await this.sessions.read(request))?.token
          : undefined;
    if (!token) {
      throw new UnauthorizedException({ error: 'UNAUTHENTICATED', message: 'A bearer token is required' });
    }
    try {
      request.user = await this.verifier.verify(token);
    } catch {
      throw new UnauthorizedException({ error: 'UNAUTHENTICATED', message: 'The bearer token is not valid' });
    }

    this.checkRoles(request.user, targets);
    return true;
  }

  private async allowPage(context: ExecutionContext, targets: Targets) {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const session = await this.sessions.read(request);
    if (!SAFE_METHODS.includes(request.method)) {
      this.sessions.checkCsrf(session, (request.body as Record<string, unknown> | undefined)?.csrf);
    }
    if (session) response.locals.csrf = this.sessions.csrfToken(session);
    if (session?.token) {
      // An expired or revoked token is simply no sign-in: the user is asked to sign in again.
      request.user = await this.verifier.verify(session.token).catch(() => undefined);
      response.locals.user = request.user;
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (!request.user) throw new SignInRequired();
    this.checkRoles(request.user, targets);
    return true;
  }

  private checkRoles(user: StaffUser, targets: Targets): void {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException({
        error: 'FORBIDDEN',
        message: `This needs one of the roles ${roles.join(', ')}`,
      });
    }
  }
}
