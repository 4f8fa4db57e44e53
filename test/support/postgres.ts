// A real PostgreSQL for a test suite: its own server on a free port over a temporary folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalPostgres, startLocalPostgres } from '../../scripts/local-postgres';
import { freePort } from './ports';

export async function startTestPostgres(): Promise<LocalPostgres> {
  return startLocalPostgres({
    dataDir: join(mkdtempSync(join(tmpdir(), 'record-')), 'postgres'),
    port: await freePort(),
  });
}
