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
    // Its UK date, which management information's date ranges and months count by.
    .addColumn('submitted_on', 'date', (column) => column.notNull())
    .addColumn('effective_from', 'date')
    .addColumn('due_by', 'date')
    .addColumn('closed_at', 'timestamptz')
    // Every EMS visit's outcome (INSTALLED, NO_ACCESS, ...), for management information.
    .addColumn('visit_outcomes', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('view', 'bytea', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('recorded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  // Lists are newest first (then by id, so a page ends at a definite place), by PDU, status or person.
  const newestFirst = ['submitted_at desc', 'id desc'];
  await db.schema.createIndex('variations_by_submission').on('variations').columns(newestFirst).execute();
  await db.schema
    .createIndex('variations_by_pdu')
    .on('variations')
    .columns(['pdu_code', ...newestFirst])
    .execute();
  await db.schema
    .createIndex('variations_by_pdu_and_status')
    .on('variations')
    .columns(['pdu_code', 'status', ...newestFirst])
    .execute();
  await db.schema
    .createIndex('variations_by_status')
    .on('variations')
    .columns(['status', ...newestFirst])
    .execute();
  await db.schema
    .createIndex('variations_by_crn')
    .on('variations')
    .columns(['crn_digest', ...newestFirst])
    .execute();
  // What the retention schedule deletes: closed, and closed long enough ago (R17).
  await db.schema
    .createIndex('variations_closed')
    .on('variations')
    .column('closed_at')
    .where(sql.ref('open'), '=', false)
    .execute();
  await db.schema
    .createIndex('variations_one_open_per_order')
    .on('variations')
    .column('order_digest')
    .unique()
    .where(sql.ref('open'), '=', true)
    .execute();

  // Each time a step ran to its end, in working days (R16): what management information times. A step
  // ended stays ended, so rows are only ever added. PDU and submission date are repeated from the
  // variation so that counting them needs no join.
  await db.schema
    .createTable('variation_steps')
    .addColumn('variation_id', 'uuid', (column) =>
      column.notNull().references('variations.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (column) => column.notNull())
    // The how-manieth time the step ran: a second triage after an amendment is 2.
    .addColumn('round', 'integer', (column) => column.notNull())
    .addColumn('pdu_code', 'text', (column) => column.notNull())
    .addColumn('submitted_on', 'date', (column) => column.notNull())
    .addColumn('started_at', 'timestamptz', (column) => column.notNull())
    .addColumn('ended_at', 'timestamptz', (column) => column.notNull())
    .addColumn('working_days', 'integer', (column) => column.notNull())
    .addPrimaryKeyConstraint('variation_steps_pkey', ['variation_id', 'step', 'round'])
    .execute();
  await db.schema
    .createIndex('variation_steps_by_submission')
    .on('variation_steps')
    .columns(['submitted_on', 'step', 'working_days'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('variation_steps').execute();
  await db.schema.dropTable('variations').execute();
}
