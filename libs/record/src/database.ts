import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { RecordTables } from './tables';

const DATE_OID = 1082;

/** The record's connection pool, from DATABASE_URL. */
export function recordDatabase(url: string): Kysely<RecordTables> {
  const pool = new Pool({
    connectionString: url,
    max: 10,
    // A `date` stays the calendar date it is ("2026-12-03"), as the domain writes dates, rather than
    // becoming midnight in the process's time zone.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? (value: string) => value
          : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  });
  return new Kysely<RecordTables>({ dialect: new PostgresDialect({ pool }) });
}
