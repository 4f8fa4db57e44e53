// The record publisher: the workflow never waits for it, a burst costs one write per variation, and
// what it holds survives a database that is away until it is back.
import type { RecordEntry, VariationRecords } from '../../../../libs/record/src/variation-records';
import { RecordPublisher } from './record-publisher';

function entry(id: string, version: number, status = 'AWAITING_TRIAGE'): RecordEntry {
  return { view: { id, status } as RecordEntry['view'], version, crnDigest: 'digest' };
}

/** A database that takes each write when the test lets it, or refuses it while `away`. */
function database() {
  const written: { id: string; version: number; status: string }[][] = [];
  const db = {
    away: false,
    written,
    pending: [] as (() => void)[],
    publish: async (entries: readonly RecordEntry[]) => {
      await new Promise<void>((resolve) => db.pending.push(resolve));
      if (db.away) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      written.push(entries.map(({ view, version }) => ({ id: view.id, version, status: view.status })));
    },
    /** Lets the write waiting now go ahead. */
    release: async () => {
      while (db.pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
      db.pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return db;
}

it('hands back at once, and writes only the latest of each variation that came while a write was on', async () => {
  const db = database();
  const publisher = new RecordPublisher(db as unknown as VariationRecords);
  publisher.publish(entry('a', 1));
  publisher.publish(entry('a', 2));
  publisher.publish(entry('b', 1));
  publisher.publish(entry('a', 3));
  // A late, earlier version changes nothing.
  publisher.publish(entry('a', 2));
  await db.release();
  const flushed = publisher.flush(10_000);
  await db.release();
  await flushed;
  expect(db.written).toEqual([
    [{ id: 'a', version: 1, status: 'AWAITING_TRIAGE' }],
    [
      { id: 'a', version: 3, status: 'AWAITING_TRIAGE' },
      { id: 'b', version: 1, status: 'AWAITING_TRIAGE' },
    ],
  ]);
});

it('keeps a copy: the workflow changing its view afterwards does not change what is written', async () => {
  const db = database();
  const publisher = new RecordPublisher(db as unknown as VariationRecords);
  const handed = entry('a', 1);
  publisher.publish(handed);
  handed.view.status = 'COMPLETED';
  const flushed = publisher.flush(10_000);
  await db.release();
  await flushed;
  expect(db.written).toEqual([[{ id: 'a', version: 1, status: 'AWAITING_TRIAGE' }]]);
});

it('tries again while the database is away, keeping the latest that came meanwhile, until it is back', async () => {
  const db = database();
  const publisher = new RecordPublisher(db as unknown as VariationRecords);
  db.away = true;
  publisher.publish(entry('a', 1));
  await db.release();
  publisher.publish(entry('a', 2, 'AWAITING_APPROVAL'));
  db.away = false;
  const flushed = publisher.flush(10_000);
  await db.release();
  await flushed;
  expect(db.written).toEqual([[{ id: 'a', version: 2, status: 'AWAITING_APPROVAL' }]]);
});
