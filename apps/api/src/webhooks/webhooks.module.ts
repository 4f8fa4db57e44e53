import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WebhookSecrets, WebhookSignatureGuard } from '../../../../libs/security/src/webhook-signature.guard';
import type { ApiSettings } from '../api-settings';
import { VariationsModule } from '../variations/variations.module';
import { EmsWebhookController } from './ems-webhook.controller';

@Module({
  imports: [VariationsModule],
  controllers: [EmsWebhookController],
  providers: [
    WebhookSignatureGuard,
    {
      provide: WebhookSecrets,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        new WebhookSecrets(config.get('EMS_WEBHOOK_SECRET', { infer: true })),
    },
  ],
})
export class WebhooksModule {}
