import { type Kysely, sql } from 'kysely';

/**
 * What the lists, the management information and retention read: the UK date of submission and
 * the EMS visits' outcomes beside each variation, until when a completed variation's curfew is in
 * force, lists' indexes newest first, and each step's time as it ended (replacing the first shape
 * of variation_steps, which nothing had written).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('variations')
    // Its UK date, which management information's date ranges and months count by.
    .addColumn('submitted_on', 'date')
    // Every EMS visit's outcome (INSTALLED, NO_ACCESS, ...), for management information.
    .addColumn('visit_outcomes', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    // A completed variation's curfew end date: its record outlives retention while the curfew is in force.
    .addColumn('in_force_until', 'date')
    .execute();
  await sql`UPDATE variations SET submitted_on = (submitted_at AT TIME ZONE 'Europe/London')::date`.execute(
    db,
  );
  await db.schema
    .alterTable('variations')
    .alterColumn('submitted_on', (column) => column.setNotNull())
    .execute();

  for (const index of ['variations_by_crn', 'variations_by_pdu', 'variations_by_submission'])
    await db.schema.dropIndex(index).execute();
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

  // Each time a step ran to its end, in working days (R16): what management information times. A step
  // ended stays ended, so rows are only ever added. PDU and submission date are repeated from the
  // variation so that counting them needs no join.
  await db.schema.dropTable('variation_steps').execute();
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

export async function down(): Promise<void> {
  throw new Error('0002-record-reads is not undone: restore the record from a backup instead');
}
