import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AuditSink, JsonLinesAuditSink } from '../../../libs/audit/src/audit';
import { validateEnvironment } from '../../../libs/config/src';
import { loggingModule } from '../../../libs/logging/src/logging';
import { loadReferenceData, Mailer } from '../../../libs/notifications/src';
import { DecisionLinks } from '../../../libs/security/src/decision-links';
import { recordDatabase } from '../../../libs/record/src/database';
import { VariationRecords } from '../../../libs/record/src/variation-records';
import type { RecordTables } from '../../../libs/record/src/tables';
import { parseEncryptionKeys } from '../../../libs/temporal/src/payload-codec';
import type { Kysely } from 'kysely';
import { Activities } from './activities';
import { RecordPublisher } from './record/record-publisher';
import { EmsProvider } from './ems/ems-provider';
import { Outbox } from './mail/outbox';
import { NDelius, NDeliusHttpClient, NDeliusStandIn } from './ndelius/ndelius';
import { StuckVariations } from './stuck-variations/stuck-variations';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerSettings } from './worker-settings';

type Config = ConfigService<WorkerSettings, true>;

const RECORD_DATABASE = Symbol('RecordDatabase');

@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment(WorkerSettings) }),
    loggingModule('worker'),
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
      provide: RECORD_DATABASE,
      inject: [ConfigService],
      useFactory: (config: Config) => recordDatabase(config.get('DATABASE_URL', { infer: true })),
    },
    {
      provide: VariationRecords,
      inject: [ConfigService, RECORD_DATABASE],
      useFactory: (config: Config, db: Kysely<RecordTables>) =>
        new VariationRecords(
          db,
          parseEncryptionKeys(config.get('PAYLOAD_ENCRYPTION_KEYS', { infer: true })),
          config.get('PAYLOAD_ENCRYPTION_KEY_ID', { infer: true }),
        ),
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
      provide: NDelius,
      inject: [ConfigService],
      useFactory: (config: Config) => {
        const url = config.get('NDELIUS_API_URL', { infer: true });
        return url
          ? new NDeliusHttpClient(url, config.get('NDELIUS_API_TOKEN', { infer: true })!)
          : new NDeliusStandIn();
      },
    },
  ],
})
export class WorkerModule implements OnApplicationShutdown {
  constructor(
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(RECORD_DATABASE) private readonly record: Kysely<RecordTables>,
    @Inject(RecordPublisher) private readonly publisher: RecordPublisher,
    private readonly config: ConfigService<WorkerSettings, true>,
  ) {}

  // After the worker has stopped (temporal-worker.service.ts), so no more changes come.
  async onApplicationShutdown(): Promise<void> {
    this.mailer.close();
    await this.publisher.flush(this.config.get('WORKER_SHUTDOWN_GRACE_MS', { infer: true }));
    await this.record.destroy();
  }
}
