import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Kysely } from 'kysely';
import { parseEncryptionKeys } from '../../temporal/src/payload-codec';
import type { Pool } from 'pg';
import { recordDatabase, recordPool } from './database';
import { ManagementInformation } from './management-information';
import type { RecordTables } from './tables';
import { VariationRecords } from './variation-records';

/** The app's settings this module reads: the record's database and the payload key ring. */
interface RecordSettings {
  DATABASE_URL: string;
  PAYLOAD_ENCRYPTION_KEYS: string;
  PAYLOAD_ENCRYPTION_KEY_ID: string;
}

export const RECORD_DATABASE = Symbol('RecordDatabase');
/** The pg pool under RECORD_DATABASE, for what needs plain pg (the pages' session store). */
export const RECORD_POOL = Symbol('RecordPool');

/**
 * The record's connection pool for the app's lifetime. Connections are made when first needed, so
 * an app starts while the database is away and recovers by itself when it returns.
 */
@Module({
  providers: [
    {
      provide: RECORD_POOL,
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecordSettings, true>) =>
        recordPool(config.get('DATABASE_URL', { infer: true })),
    },
    {
      provide: RECORD_DATABASE,
      inject: [RECORD_POOL],
      useFactory: (pool: Pool) => recordDatabase(pool),
    },
    {
      provide: VariationRecords,
      inject: [ConfigService, RECORD_DATABASE],
      useFactory: (config: ConfigService<RecordSettings, true>, db: Kysely<RecordTables>) =>
        new VariationRecords(
          db,
          parseEncryptionKeys(config.get('PAYLOAD_ENCRYPTION_KEYS', { infer: true })),
          config.get('PAYLOAD_ENCRYPTION_KEY_ID', { infer: true }),
        ),
    },
    {
      provide: ManagementInformation,
      inject: [RECORD_DATABASE],
      useFactory: (db: Kysely<RecordTables>) => new ManagementInformation(db),
    },
  ],
  exports: [RECORD_POOL, RECORD_DATABASE, VariationRecords, ManagementInformation],
})
export class RecordModule implements OnApplicationShutdown {
  constructor(@Inject(RECORD_DATABASE) private readonly db: Kysely<RecordTables>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
