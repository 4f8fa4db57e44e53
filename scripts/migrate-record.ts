// `node dist/scripts/migrate-record.js`: brings the record's schema in DATABASE_URL up to date. The
// one step that changes it: `npm start` runs it before the apps, compose as a job before them.
import { recordDatabase } from '../libs/record/src/database';
import { migrateRecord } from '../libs/record/src/migrate';

export async function migrateRecordAt(url: string): Promise<string[]> {
  const db = recordDatabase(url);
  try {
    return await migrateRecord(db);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required: the PostgreSQL the record is kept in');
    process.exit(1);
  }
  migrateRecordAt(url).then(
    (applied) => console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The record is up to date'),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
