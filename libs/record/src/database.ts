import { Logger } from '@nestjs/common';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { RecordTables } from './tables';

const DATE_OID = 1082;
const logger = new Logger('Record');

/** The record's connection pool, from DATABASE_URL: for its queries, and the pages' session store. */
export function recordPool(url: string): Pool {
  const pool = new Pool({
    connectionString: url,
    max: 10,
    // Nothing waits on the database for ever: a request that cannot be answered soon answers 503, and
    // a write is tried again. A connection that cannot be made in 5 s, or a query not answered in
    // 15 s, is an error (the fault suite once saw an api hang on its record while the database
    // restarted).
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
    // A `date` stays the calendar date it is ("2026-12-03"), as the domain writes dates, rather than
    // becoming midnight in the process's time zone.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? (value: string) => value
          : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  });
  // A connection the server ends (a restart, a crash, a failover) is an error event: on the pool
  // while the connection is idle, on the connection itself while it is lent out between queries.
  // Left unheard either would end the process (the fault suite saw an api die when the database
  // crashed); the pool makes a new connection when next asked.
  const ended = (error: Error) =>
    logger.warn(`A connection to the record's database ended: ${error.message}`);
  pool.on('error', ended);
  pool.on('connect', (client) => client.on('error', ended));
  return pool;
}

/** The record's queries, typed, over a pool of their own or one shared (destroying it ends the pool). */
export function recordDatabase(from: string | Pool): Kysely<RecordTables> {
  const pool = typeof from === 'string' ? recordPool(from) : from;
  return new Kysely<RecordTables>({ dialect: new PostgresDialect({ pool }) });
}
