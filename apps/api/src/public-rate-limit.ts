import { type ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { ApiSettings } from './api-settings';

const RATE_LIMITED = 'rate-limited';
type Caller = 'people' | 'provider';

/**
 * A route without a bearer token (decision links, sign-in, the EMS webhook) is limited per client
 * address. `provider`: one outside party's machine calls it in volume, so its limit is far higher
 * and a busy day's events are never turned away as a flood.
 */
export const RateLimited = (caller: Caller = 'people') => SetMetadata(RATE_LIMITED, caller);

const callerOf = (context: ExecutionContext): Caller | undefined =>
  Reflect.getMetadata(RATE_LIMITED, context.getHandler()) ??
  Reflect.getMetadata(RATE_LIMITED, context.getClass());

export const PublicRateLimitModule = ThrottlerModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<ApiSettings, true>) => ({
    throttlers: [
      {
        ttl: 60_000,
        limit: (context: ExecutionContext) =>
          callerOf(context) === 'provider'
            ? config.get('WEBHOOK_RATE_LIMIT_PER_MINUTE', { infer: true })
            : config.get('PUBLIC_RATE_LIMIT_PER_MINUTE', { infer: true }),
      },
    ],
    // Staff calls carry a token and are not limited: a whole office may share one address.
    skipIf: (context: ExecutionContext) => !callerOf(context),
  }),
});

/**
 * A global guard, before authentication: a flood of guesses or forged webhooks is turned away before
 * any cryptography runs. Answers 429 in the API's error shape, with Retry-After.
 */
@Injectable()
export class PublicRateLimit extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext): Promise<void> {
    throw new HttpException(
      {
        error: 'TOO_MANY_REQUESTS',
        message: 'Too many requests from this address: wait a minute and try again',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
