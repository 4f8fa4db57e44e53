import type { Kysely } from 'kysely';

/**
 * Each order's versions (R18): one row for each of its variations that completed, with the curfew
 * before and after it (encrypted like the view); and each variation's nDelius event number, which
 * lists show. A version goes with its variation when retention deletes that, which it does not
 * while the curfew it left is in force (`in_force_until`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('variations').addColumn('event_number', 'integer').execute();
  await db.schema
    .createTable('order_versions')
    .addColumn('variation_id', 'uuid', (column) =>
      column.primaryKey().references('variations.id').onDelete('cascade'),
    )
    // The order's HMAC, as on its variations (CRN and event number under CRN_LOOKUP_SECRET).
    .addColumn('order_digest', 'text', (column) => column.notNull())
    .addColumn('completed_at', 'timestamptz', (column) => column.notNull())
    .addColumn('effective_from', 'date', (column) => column.notNull())
    // { before, after, changes }: the curfew as it stood and as the variation left it.
    .addColumn('curfews', 'bytea', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('order_versions_latest')
    .on('order_versions')
    .columns(['order_digest', 'completed_at desc'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0004-order-versions is not undone: restore the record from a backup instead');
}
