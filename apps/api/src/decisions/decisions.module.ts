import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DecisionLinks } from '../../../../libs/security/src/decision-links';
import type { ApiSettings } from '../api-settings';
import { VariationsModule } from '../variations/variations.module';
import { DecisionsController } from './decisions.controller';

@Module({
  imports: [VariationsModule],
  controllers: [DecisionsController],
  providers: [
    {
      provide: DecisionLinks,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        new DecisionLinks(
          config.get('DECISION_LINK_SECRET', { infer: true }),
          config.get('DECISION_LINK_TTL', { infer: true }),
          (config.get('DECISION_LINK_PREVIOUS_SECRETS', { infer: true }) ?? '')
            .split(',')
            .map((secret) => secret.trim())
            .filter(Boolean),
        ),
    },
  ],
})
export class DecisionsModule {}
