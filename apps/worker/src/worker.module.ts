import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from '../../../libs/config/src';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerSettings } from './worker-settings';

@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment(WorkerSettings) })],
  providers: [TemporalWorkerService],
})
export class WorkerModule {}
