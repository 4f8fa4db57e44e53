import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { validateEnvironment } from '../../../libs/config/src';
import { Activities } from './activities';
import { EmsProvider } from './ems/ems-provider';
import { OutboxService } from './mail/outbox.service';
import { NDelius, NDeliusHttpClient, NDeliusStandIn } from './ndelius/ndelius';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerSettings } from './worker-settings';

@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment(WorkerSettings) })],
  providers: [
    TemporalWorkerService,
    Activities,
    OutboxService,
    EmsProvider,
    {
      provide: NDelius,
      inject: [ConfigService],
      useFactory: (config: ConfigService<WorkerSettings, true>) => {
        const url = config.get('NDELIUS_API_URL', { infer: true });
        return url
          ? new NDeliusHttpClient(url, config.get('NDELIUS_API_TOKEN', { infer: true }) ?? '')
          : new NDeliusStandIn();
      },
    },
  ],
})
export class WorkerModule {}
