import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SimulatorSettings } from './simulator-settings';

/** The provider API wants `Authorization: Bearer <EMS_API_TOKEN>`; anything else is a 401. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(settings: SimulatorSettings) {
    this.expected = digest(settings.EMS_API_TOKEN);
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
