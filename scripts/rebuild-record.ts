// `npm run record:rebuild`: publishes every variation Temporal still holds, open or closed, to the
// record in DATABASE_URL, from its workflow (docs/operations.md, "Rebuilding the record"): after a
// restore from backup, or into a new database. Idempotent: a record already as new is left as it is.
// The worker must be running, since a closed variation answers only once a worker has replayed it.
import { Client, Connection } from '@temporalio/client';
import { validateEnvironment } from '../libs/config/src';
import { recordDatabase } from '../libs/record/src/database';
import { IsDatabaseUrl } from '../libs/record/src/record-settings';
import { VariationRecords } from '../libs/record/src/variation-records';
import { connectionOptions } from '../libs/temporal/src/connection-options';
import { dataConverter } from '../libs/temporal/src/data-converter';
import { parseEncryptionKeys } from '../libs/temporal/src/payload-codec';
import { TemporalSettings } from '../libs/temporal/src/temporal-settings';
import { RecordCatchUp } from '../apps/worker/src/record/record-catch-up';

class RebuildSettings extends TemporalSettings {
  @IsDatabaseUrl()
  DATABASE_URL!: string;
}

/** Answers how many variations it published. */
export async function rebuildRecord(env: NodeJS.ProcessEnv, progress: (published: number) => void) {
  const settings = validateEnvironment(RebuildSettings)(env);
  const connection = await Connection.connect(connectionOptions(settings));
  const db = recordDatabase(settings.DATABASE_URL);
  try {
    const client = new Client({
      connection,
      namespace: settings.TEMPORAL_NAMESPACE,
      dataConverter: dataConverter(settings),
    });
    const records = new VariationRecords(
      db,
      parseEncryptionKeys(settings.PAYLOAD_ENCRYPTION_KEYS),
      settings.PAYLOAD_ENCRYPTION_KEY_ID,
    );
    return await new RecordCatchUp(records).rebuild(client, progress);
  } finally {
    await db.destroy();
    await connection.close();
  }
}

if (require.main === module) {
  rebuildRecord(process.env, (published) => console.log(`${published} published so far`)).then(
    (published) => console.log(`The record has every variation Temporal holds: ${published} published`),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
