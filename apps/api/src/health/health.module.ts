import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TemporalClientModule } from '../../../../libs/temporal/src/temporal-client.module';
import { Mailer } from '../../../../libs/notifications/src';
import type { ApiSettings } from '../api-settings';
import { HealthController } from './health.controller';
import { MailHealth } from './mail.health';
import { TemporalHealth } from './temporal.health';

@Module({
  imports: [TemporalClientModule],
  controllers: [HealthController],
  providers: [
    TemporalHealth,
    MailHealth,
    {
      provide: Mailer,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        new Mailer(config.get('SMTP_URL', { infer: true }), 'health-check'),
    },
  ],
})
export class HealthModule {}
