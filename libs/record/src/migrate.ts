import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as variations from './migrations/0001-variations';
import * as recordReads from './migrations/0002-record-reads';
import * as pageSessions from './migrations/0003-page-sessions';
import * as orderVersions from './migrations/0004-order-versions';
import type { RecordTables } from './tables';

/** Every migration, in order. Listed here rather than read from a folder, so a bundle carries them. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-variations': variations,
  '0002-record-reads': recordReads,
  '0003-page-sessions': pageSessions,
  '0004-order-versions': orderVersions,
};

/**
 * Brings the record's schema up to date: the one step that changes it, run before the apps start
 * (`npm start`, and compose's migration job). Kysely's migrator takes a lock, so two at once are safe.
 */
export async function migrateRecord(db: Kysely<RecordTables>): Promise<string[]> {
  // Migrations see the schema as it was when written, not as RecordTables says it is now.
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'a migration';
    throw new Error(
      `The record's schema could not be brought up to date: ${failed} failed: ${String(error)}`,
    );
  }
  return (results ?? []).map((result) => result.migrationName);
}
