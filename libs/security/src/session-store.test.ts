// The pages' session store on a real PostgreSQL: what a session holds is ciphertext there, it reads
// back whole, and a session under a key no longer in the ring, or ended, is no session.
import { randomBytes } from 'node:crypto';
import type { SessionData } from 'express-session';
import type { LocalPostgres } from '../../../scripts/local-postgres';
import { startTestPostgres } from '../../../test/support/postgres';
import { recordDatabase, recordPool } from '../../record/src/database';
import { migrateRecord } from '../../record/src/migrate';
import { EncryptedSessionStore } from './session-store';

let postgres: LocalPostgres;
let pool: ReturnType<typeof recordPool>;
const k1 = randomBytes(32);
const k2 = randomBytes(32);

beforeAll(async () => {
  postgres = await startTestPostgres();
  pool = recordPool(await postgres.urlOf('session_store_test'));
  await migrateRecord(recordDatabase(pool));
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await postgres?.discard();
});

const call = <T>(run: (done: (error?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) =>
    run((error, value) => (error ? reject(error) : resolve(value))),
  );

const session = {
  cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000), httpOnly: true, path: '/' },
  opened: true,
  token: 'eyJhbGciOiJIUzI1NiJ9.alex.smith',
  answers: {
    person: { crn: 'X123456', firstName: 'Sam', lastName: 'Jones' },
    newAddress: { line1: '1 High Street' },
  },
} as unknown as SessionData;

it('keeps what a session holds as ciphertext, reads it back whole, and reads it after the key rotates', async () => {
  const before = new EncryptedSessionStore(pool, new Map([['k1', k1]]), 'k1');
  await call<void>((done) => before.set('sid-1', session, done));
  const table = await pool.query<{ line: string }>('SELECT s::text AS line FROM page_sessions s');
  const text = table.rows.map((row) => row.line).join('\n');
  for (const personal of ['X123456', 'Jones', 'High Street', 'alex.smith', 'eyJhbGciOiJIUzI1NiJ9'])
    expect(text).not.toContain(personal);

  const after = new EncryptedSessionStore(
    pool,
    new Map([
      ['k1', k1],
      ['k2', k2],
    ]),
    'k2',
  );
  const read = await call<SessionData | null>((done) => after.get('sid-1', done));
  expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(session)));
  await before.close();
  await after.close();
});

it('has no session under a key no longer in the ring, nor one ended', async () => {
  const store = new EncryptedSessionStore(pool, new Map([['k1', k1]]), 'k1');
  await call<void>((done) => store.set('sid-2', session, done));
  const rotatedAway = new EncryptedSessionStore(pool, new Map([['k2', k2]]), 'k2');
  expect(await call<SessionData | null>((done) => rotatedAway.get('sid-2', done))).toBeNull();
  await call<void>((done) => store.destroy('sid-2', done));
  expect(await call<SessionData | null>((done) => store.get('sid-2', done))).toBeNull();
  await store.close();
  await rotatedAway.close();
});
