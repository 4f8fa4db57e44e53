import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** How OpenAPI describes the header the decorator below reads. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'The same key and body again answers as the first call did (api.md)',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
} as const;

/** api.md: an optional Idempotency-Key header of 1-255 characters. */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
      const message = 'Idempotency-Key must be 1-255 characters';
      throw new BadRequestException({
        error: 'INVALID_REQUEST',
        fields: [{ field: 'Idempotency-Key', messages: [message] }],
        messages: [message],
      });
    }
    return value;
  },
);
