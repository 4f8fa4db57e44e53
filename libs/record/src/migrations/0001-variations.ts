import { type Kysely, sql } from 'kysely';

/**
 * Each variation as its workflow last published it, and when each of its steps began and ended.
 * Personal data is only in `view`, encrypted by the application (payload key ring, `key_id`); the
 * rest is what lists, searches and management information filter and count on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('variations')
    .addColumn('id', 'uuid', (column) => column.primaryKey())
    // The workflow's count of what it has published: an older write never replaces a newer one.
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('route', 'text', (column) => column.notNull())
    .addColumn('pdu_code', 'text', (column) => column.notNull())
    // The CRN's HMAC under CRN_LOOKUP_SECRET (R17): searchable, not readable.
    .addColumn('crn_digest', 'text', (column) => column.notNull())
    // The order's HMAC: while a variation of it is open, no other may be (R18, the next migration's use).
    .addColumn('order_digest', 'text')
    .addColumn('open', 'boolean', (column) => column.notNull())
    .addColumn('submitted_at', 'timestamptz', (column) => column.notNull())
    .addColumn('effective_from', 'date')
    .addColumn('due_by', 'date')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('view', 'bytea', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('recorded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('variations_by_crn')
    .on('variations')
    .columns(['crn_digest', 'submitted_at desc'])
    .execute();
  await db.schema
    .createIndex('variations_by_pdu')
    .on('variations')
    .columns(['pdu_code', 'status', 'submitted_at desc'])
    .execute();
  await db.schema.createIndex('variations_by_submission').on('variations').column('submitted_at').execute();
  await db.schema
    .createIndex('variations_one_open_per_order')
    .on('variations')
    .column('order_digest')
    .unique()
    .where(sql.ref('open'), '=', true)
    .execute();

  await db.schema
    .createTable('variation_steps')
    .addColumn('variation_id', 'uuid', (column) =>
      column.notNull().references('variations.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (column) => column.notNull())
    .addColumn('started_at', 'timestamptz', (column) => column.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('due_by', 'date')
    .addPrimaryKeyConstraint('variation_steps_pkey', ['variation_id', 'step', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('variation_steps').execute();
  await db.schema.dropTable('variations').execute();
}
