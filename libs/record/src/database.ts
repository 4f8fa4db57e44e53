import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { RecordTables } from './tables';

/** The record's connection pool, from DATABASE_URL. */
export function recordDatabase(url: string): Kysely<RecordTables> {
  return new Kysely<RecordTables>({
    dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) }),
  });
}
