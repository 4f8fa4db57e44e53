import { type Kysely, sql } from 'kysely';

/**
 * The pages' sessions (express-session, connect-pg-simple's table shape): the browser's cookie holds
 * only the id. `sess` is ciphertext but for the cookie's expiry (libs/security/src/session-store.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('page_sessions')
    .addColumn('sid', 'text', (column) => column.primaryKey())
    .addColumn('sess', 'json', (column) => column.notNull())
    .addColumn('expire', sql`timestamp(6)`, (column) => column.notNull())
    .execute();
  await db.schema.createIndex('page_sessions_expire').on('page_sessions').column('expire').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('page_sessions').execute();
}
