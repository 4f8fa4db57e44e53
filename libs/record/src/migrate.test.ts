// The record's migrations, applied to an empty database on a real PostgreSQL 16.
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import * as firstMigration from './migrations/0001-variations';
import type { LocalPostgres } from '../../../scripts/local-postgres';
import { startTestPostgres } from '../../../test/support/postgres';
import { recordDatabase } from './database';
import { migrateRecord } from './migrate';

let postgres: LocalPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(() => postgres?.discard());

it('makes the schema on an empty database, and running again changes nothing', async () => {
  const db = recordDatabase(await postgres.urlOf('migrations_test'));
  try {
    expect(await migrateRecord(db)).toEqual([
      '0001-variations',
      '0002-record-reads',
      '0003-page-sessions',
      '0004-order-versions',
    ]);
    expect(await migrateRecord(db)).toEqual([]);

    const columns = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>`
      SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name IN ('variations', 'variation_steps', 'page_sessions', 'order_versions')
      ORDER BY table_name, ordinal_position`.execute(db);
    const variations = columns.rows.filter((c) => c.table_name === 'variations');
    expect(variations.map((c) => c.column_name)).toEqual([
      'id',
      'version',
      'status',
      'route',
      'pdu_code',
      'crn_digest',
      'order_digest',
      'open',
      'submitted_at',
      'effective_from',
      'due_by',
      'closed_at',
      'view',
      'key_id',
      'recorded_at',
      'submitted_on',
      'visit_outcomes',
      'in_force_until',
      'event_number',
    ]);
    // The pages' sessions, in connect-pg-simple's shape.
    expect(columns.rows.filter((c) => c.table_name === 'page_sessions').map((c) => c.column_name)).toEqual([
      'sid',
      'sess',
      'expire',
    ]);
    // An order's versions (R18): the curfews before and after each are ciphertext too.
    const versions = columns.rows.filter((c) => c.table_name === 'order_versions');
    expect(versions.map((c) => [c.column_name, c.data_type])).toEqual([
      ['variation_id', 'uuid'],
      ['order_digest', 'text'],
      ['completed_at', 'timestamp with time zone'],
      ['effective_from', 'date'],
      ['curfews', 'bytea'],
      ['key_id', 'text'],
    ]);
    // Personal data has one column, and it holds ciphertext: no name, CRN or address column exists.
    expect(variations.find((c) => c.column_name === 'view')?.data_type).toBe('bytea');

    const indexes = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'variations'`.execute(db);
    const oneOpen = indexes.rows.find((i) => i.indexname === 'variations_one_open_per_order');
    expect(oneOpen?.indexdef).toMatch(/UNIQUE INDEX .* \(order_digest\) WHERE \(?open = true\)?/);
    expect((await sql<{ v: string }>`SHOW server_version`.execute(db)).rows[0]).toBeDefined();
  } finally {
    await db.destroy();
  }
});

it('keeps one open variation per order: a second claim on the same order is refused (R18)', async () => {
  const db = recordDatabase(await postgres.urlOf('one_open_test'));
  try {
    await migrateRecord(db);
    const row = (id: string, open: boolean) => ({
      id,
      version: 1,
      status: open ? 'AWAITING_TRIAGE' : 'COMPLETED',
      route: 'ADMINISTRATIVE',
      pdu_code: 'N07CEN',
      crn_digest: 'crn',
      order_digest: 'order',
      open,
      submitted_at: new Date(),
      submitted_on: '2026-12-03',
      visit_outcomes: [],
      view: Buffer.from('ciphertext'),
      key_id: 'local-1',
    });
    await db.insertInto('variations').values(row('00000000-0000-4000-8000-000000000001', false)).execute();
    await db.insertInto('variations').values(row('00000000-0000-4000-8000-000000000002', true)).execute();
    await expect(
      db.insertInto('variations').values(row('00000000-0000-4000-8000-000000000003', true)).execute(),
    ).rejects.toThrow(/variations_one_open_per_order/);
  } finally {
    await db.destroy();
  }
});

it('brings a database made by the first release, with a record in it, up to date', async () => {
  const db = recordDatabase(await postgres.urlOf('upgrade_test'));
  try {
    // As the first release left it: only its first migration, and one variation submitted at
    // 00:30 BST on 1 June, which is 31 May in UTC.
    const first = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => ({ '0001-variations': firstMigration }) },
    });
    expect((await first.migrateToLatest()).error).toBeUndefined();
    await sql`INSERT INTO variations (id, version, status, route, pdu_code, crn_digest, open, submitted_at, view, key_id)
      VALUES ('00000000-0000-4000-8000-000000000009', 1, 'AWAITING_TRIAGE', 'ADMINISTRATIVE', 'N07CEN', 'crn', true,
              '2026-05-31T23:30:00Z', 'ciphertext', 'local-1')`.execute(db);

    expect(await migrateRecord(db)).toEqual([
      '0002-record-reads',
      '0003-page-sessions',
      '0004-order-versions',
    ]);
    const row = await db
      .selectFrom('variations')
      .select(['submitted_on', 'visit_outcomes', 'in_force_until'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ submitted_on: '2026-06-01', visit_outcomes: [], in_force_until: null });
  } finally {
    await db.destroy();
  }
});
