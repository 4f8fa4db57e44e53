// The record's pool when its database goes away under it: the process lives on, and the pool works
// again once the database is back (the fault suite saw an api die when a connection it had lent out
// was ended by a crash).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalPostgres, startLocalPostgres } from '../../../scripts/local-postgres';
import { freePort } from '../../../test/support/ports';
import { recordPool } from './database';

it('survives a crash of the database while a connection is lent out, and connects again after it', async () => {
  const where = { dataDir: join(mkdtempSync(join(tmpdir(), 'record-')), 'postgres'), port: await freePort() };
  let postgres: LocalPostgres = await startLocalPostgres(where);
  const pool = recordPool(await postgres.urlOf('pool_test'));
  try {
    const lent = await pool.connect();
    const idle = await pool.connect();
    idle.release();
    const ended = new Promise((resolve) => lent.once('end', resolve));
    await postgres.stop('immediate');
    // The server ended both connections: an error event on each, heard, and the process goes on.
    await ended;
    lent.release(true);
    postgres = await startLocalPostgres(where);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  } finally {
    await pool.end();
    await postgres.discard();
  }
}, 60_000);
