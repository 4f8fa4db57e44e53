// The local PostgreSQL starts from a clone anywhere, including under a folder only its owner may
// enter (root's home on CI): PostgreSQL will not run as root, and its own user cannot go there.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../test/support/ports';
import { startLocalPostgres } from './local-postgres';

it('serves a data directory inside a folder only its owner may enter, keeps it across a restart, and deletes it when discarded', async () => {
  const ownersOnly = mkdtempSync(join(tmpdir(), 'owner-only-')); // mode 0700
  const dataDir = join(ownersOnly, '.data', 'postgres');
  mkdirSync(join(ownersOnly, '.data'));
  const port = await freePort();
  const logged: string[] = [];
  const start = () => startLocalPostgres({ dataDir, port, log: (line) => logged.push(line) });

  let postgres = await start();
  const url = await postgres.urlOf('kept');
  const query = async (text: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };
  await query('CREATE TABLE marks (id int)');
  await query('INSERT INTO marks VALUES (1)');
  await postgres.stop();

  postgres = await start();
  try {
    expect(await query('SELECT id FROM marks')).toEqual([{ id: 1 }]);
    // Root runs the server as postgres, who cannot reach the folder: the data lives elsewhere, said once.
    if (userInfo().uid === 0)
      expect(logged.join('\n')).toContain(`The postgres user cannot reach ${dataDir}`);
  } finally {
    await postgres.discard();
  }
  // A throwaway server leaves nothing behind, wherever its data went.
  expect(existsSync(postgres.dataDir)).toBe(false);
});
