import { type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { ApiSettings } from './api-settings';

/**
 * Rate limits for the routes with no bearer token (decision links, the EMS webhook): per client
 * address, so a flood of guesses or forged webhooks is turned away before any cryptography runs.
 */
export const PublicRateLimitModule = ThrottlerModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<ApiSettings, true>) => [
    { ttl: 60_000, limit: config.get('PUBLIC_RATE_LIMIT_PER_MINUTE', { infer: true }) },
  ],
});

/** Put on a public controller. Answers 429 in the API's error shape, with Retry-After. */
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
