import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AuditSink, JsonLinesAuditSink } from '../../../libs/audit/src/audit';
import { validateEnvironment } from '../../../libs/config/src';
import { loggingModule } from '../../../libs/logging/src/logging';
import { RecordModule } from '../../../libs/record/src/record.module';
import { VariationRecords } from '../../../libs/record/src/variation-records';
import { loadReferenceData, Mailer } from '../../../libs/notifications/src';
import { DecisionLinks } from '../../../libs/security/src/decision-links';
import { NDeliusClient } from '../../../libs/ndelius/src/ndelius-client';
import { nDeliusClient } from '../../../libs/ndelius/src/ndelius-settings';
import { Activities } from './activities';
import { RecordPublisher } from './record/record-publisher';
import { RecordCatchUp } from './record/record-catch-up';
import { RecordRetention } from './record/record-retention';
import { EmsProvider } from './ems/ems-provider';
import { Outbox } from './mail/outbox';
import { StuckVariations } from './stuck-variations/stuck-variations';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerSettings } from './worker-settings';

type Config = ConfigService<WorkerSettings, true>;

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: validateEnvironment(WorkerSettings),
    }),
    loggingModule('worker'),
    RecordModule,
  ],
  providers: [
    TemporalWorkerService,
    Activities,
    {
      provide: AuditSink,
      inject: [ConfigService],
      useFactory: (config: Config) => new JsonLinesAuditSink(config.get('AUDIT_LOG_PATH', { infer: true })),
    },
    {
      provide: EmsProvider,
      inject: [ConfigService],
      useFactory: (config: Config) =>
        new EmsProvider(
          config.get('EMS_API_URL', { infer: true }),
          config.get('EMS_API_TOKEN', { infer: true }),
        ),
    },
    {
      provide: Mailer,
      inject: [ConfigService],
      useFactory: (config: Config) =>
        new Mailer(config.get('SMTP_URL', { infer: true }), config.get('MAIL_FROM', { infer: true })),
    },
    {
      provide: Outbox,
      inject: [ConfigService, Mailer],
      // Reference data is read and checked once, at start: a bad file stops the worker, named.
      useFactory: (config: Config, mailer: Mailer) =>
        new Outbox(
          mailer,
          loadReferenceData(config.get('REFERENCE_DATA_PATH', { infer: true })),
          new DecisionLinks(
            config.get('DECISION_LINK_SECRET', { infer: true }),
            config.get('DECISION_LINK_TTL', { infer: true }),
          ),
          config.get('PUBLIC_BASE_URL', { infer: true }),
        ),
    },
    {
      provide: RecordCatchUp,
      inject: [VariationRecords],
      useFactory: (records: VariationRecords) => new RecordCatchUp(records),
    },
    {
      provide: RecordRetention,
      inject: [VariationRecords, AuditSink, ConfigService],
      useFactory: (records: VariationRecords, audit: AuditSink, config: Config) =>
        new RecordRetention(records, audit, config.get('RECORD_RETENTION', { infer: true })),
    },
    {
      provide: RecordPublisher,
      inject: [VariationRecords],
      useFactory: (records: VariationRecords) => new RecordPublisher(records),
    },
    {
      provide: StuckVariations,
      inject: [ConfigService, Mailer],
      useFactory: (config: Config, mailer: Mailer) =>
        new StuckVariations(mailer, config.get('OPERATIONS_EMAIL', { infer: true })),
    },
    {
      provide: NDeliusClient,
      inject: [ConfigService],
      useFactory: (config: Config) => nDeliusClient((key) => config.get(key, { infer: true })),
    },
  ],
})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
