import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { dataConverter } from '../../../../libs/temporal/src/data-converter';
import type { ApiSettings } from '../api-settings';
import { CodecController, PAYLOAD_CODEC } from './codec.controller';

@Module({
  controllers: [CodecController],
  providers: [
    {
      provide: PAYLOAD_CODEC,
      inject: [ConfigService],
      // The same codec the client and the worker use, so the UI sees exactly what they see.
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        dataConverter({
          PAYLOAD_ENCRYPTION_KEYS: config.get('PAYLOAD_ENCRYPTION_KEYS', { infer: true }),
          PAYLOAD_ENCRYPTION_KEY_ID: config.get('PAYLOAD_ENCRYPTION_KEY_ID', { infer: true }),
        }).payloadCodecs![0],
    },
  ],
})
export class CodecModule {}
