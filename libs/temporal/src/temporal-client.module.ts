import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import { connectionOptions, connectionSettings } from './connection-options';
import { dataConverter } from './data-converter';
import type { TemporalSettings } from './temporal-settings';

/**
 * One Temporal client for the app's lifetime. The connection is lazy, so the api starts (and /health
 * says 503) while Temporal is away, and recovers by itself when it returns.
 */
@Module({
  providers: [
    {
      provide: Client,
      inject: [ConfigService],
      useFactory: (config: ConfigService<TemporalSettings, true>) =>
        new Client({
          connection: Connection.lazy(connectionOptions(connectionSettings(config))),
          namespace: config.get('TEMPORAL_NAMESPACE', { infer: true }),
          dataConverter: dataConverter({
            PAYLOAD_ENCRYPTION_KEYS: config.get('PAYLOAD_ENCRYPTION_KEYS', { infer: true }),
            PAYLOAD_ENCRYPTION_KEY_ID: config.get('PAYLOAD_ENCRYPTION_KEY_ID', { infer: true }),
          }),
        }),
    },
  ],
  exports: [Client],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
