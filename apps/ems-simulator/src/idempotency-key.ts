import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The provider API's required Idempotency-Key header (1-255 characters); 400 naming it otherwise. */
export const RequiredIdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => {
    const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
    if (typeof value === 'string' && value.length >= 1 && value.length <= 255) return value;
    const message =
      value === undefined ? 'Idempotency-Key header is required' : 'Idempotency-Key must be 1-255 characters';
    throw new BadRequestException({
      error: 'INVALID_REQUEST',
      fields: [{ field: 'Idempotency-Key', messages: [message] }],
      messages: [message],
    });
  },
);
