import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/** The one token a stand-in's API accepts (the EMS simulator's, nDelius's): provided by the app. */
export const EXPECTED_BEARER_TOKEN = Symbol('EXPECTED_BEARER_TOKEN');

/** The stand-ins' APIs want `Authorization: Bearer <their token>`; anything else is a 401. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(EXPECTED_BEARER_TOKEN) token: string) {
    this.expected = digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException({ error: 'UNAUTHORIZED', message: 'A valid bearer token is required' });
  }
}

// Equal-length digests, so the comparison takes the same time whatever was sent.
const digest = (token: string) => createHash('sha256').update(token).digest();
