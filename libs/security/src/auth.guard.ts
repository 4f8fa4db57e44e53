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
import type { Request } from 'express';
import type { Role } from '../../domain/src/variation';
import type { StaffUser } from './staff-user';
import { TokenVerifier } from './token-verifier';

const ROLES_KEY = 'roles';
const PUBLIC_KEY = 'public';

/** The roles that may call a route (api.md). Any one of them is enough. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route with its own credentials or none (health, docs, decision links, webhooks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type AuthenticatedRequest = Request & { user?: StaffUser };

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().user!,
);

/** Global guard: every route needs a valid bearer token and one of its roles unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new UnauthorizedException({ error: 'UNAUTHENTICATED', message: 'A bearer token is required' });
    }
    try {
      request.user = await this.verifier.verify(token);
    } catch {
      throw new UnauthorizedException({ error: 'UNAUTHENTICATED', message: 'The bearer token is not valid' });
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.some((role) => request.user!.roles.includes(role))) {
      throw new ForbiddenException({
        error: 'FORBIDDEN',
        message: `This needs one of the roles ${roles.join(', ')}`,
      });
    }
    return true;
  }
}
