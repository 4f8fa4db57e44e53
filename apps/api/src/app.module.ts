import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuditSink, JsonLinesAuditSink } from '../../../libs/audit/src/audit';
import { validateEnvironment } from '../../../libs/config/src';
import { loggingModule } from '../../../libs/logging/src/logging';
import { MonitoringModule } from '../../../libs/monitoring/src/monitoring.module';
import { AuthGuard } from '../../../libs/security/src/auth.guard';
import { TokenVerifier } from '../../../libs/security/src/token-verifier';
import { ApiSettings } from './api-settings';
import { CodecModule } from './codec/codec.module';
import { DecisionsModule } from './decisions/decisions.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PagesModule } from './pages/pages.module';
import { PublicRateLimit, PublicRateLimitModule } from './public-rate-limit';
import { VariationsModule } from './variations/variations.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment(ApiSettings) }),
    loggingModule('api'),
    // The OpenAPI document reads the handlers' parameter types (apps/api/src/openapi.ts).
    DiscoveryModule,
    PublicRateLimitModule,
    VariationsModule,
    HealthModule,
    MonitoringModule.forApp('curfew-variations-api'),
    MetricsModule,
    WebhooksModule,
    DecisionsModule,
    CodecModule,
    PagesModule,
  ],
  providers: [
    {
      provide: TokenVerifier,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        new TokenVerifier({
          AUTH_JWKS_URL: config.get('AUTH_JWKS_URL', { infer: true }),
          AUTH_JWT_SECRET: config.get('AUTH_JWT_SECRET', { infer: true }),
          AUTH_ISSUER: config.get('AUTH_ISSUER', { infer: true }),
          AUTH_AUDIENCE: config.get('AUTH_AUDIENCE', { infer: true }),
        }),
    },
    // In this order: the rate limit turns a flood away before authentication does any work.
    { provide: APP_GUARD, useClass: PublicRateLimit },
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: AuditSink,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        new JsonLinesAuditSink(config.get('AUDIT_LOG_PATH', { infer: true })),
    },
  ],
  exports: [AuditSink],
})
export class AppModule {}
