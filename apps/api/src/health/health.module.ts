import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { TemporalClientModule } from '../../../../libs/temporal/src/temporal-client.module';
import { HealthController } from './health.controller';
import { Mailer } from '../../../../libs/notifications/src';
import type { ApiSettings } from '../api-settings';
import { MailHealthIndicator } from './mail.health';
import { TemporalHealthIndicator } from './temporal.health';

@Module({
  imports: [TerminusModule, TemporalClientModule],
  controllers: [HealthController],
  providers: [
    TemporalHealthIndicator,
    MailHealthIndicator,
    {
      provide: Mailer,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        new Mailer(config.get('SMTP_URL', { infer: true }), 'health-check'),
    },
  ],
})
export class HealthModule {}
