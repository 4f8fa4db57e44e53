// `npm start` as a developer uses it: start, use, Ctrl-C, start again; and real parties when configured.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../libs/config/src/paths';
import { type Child, isHttpOk, spawnChild, stopChild, waitUntil } from '../../scripts/processes';
import { localToken } from '../../scripts/token';
import { localSecrets } from '../../scripts/local-secrets';
import { call } from '../support/http';
import { startMailbox } from '../support/mailbox';
import { freePort, freePorts, isListening } from '../support/ports';
import { startTestPostgres } from '../support/postgres';
import { timesChange } from '../support/requests';
import { startTemporal } from '../support/temporal-server';

const startScript = join(repoRoot, 'dist', 'scripts', 'start.js');

interface Started {
  child: Child;
  output: string[];
}

async function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const output: string[] = [];
  const child = spawnChild(
    'start',
    process.execPath,
    [startScript],
    { PATH: process.env.PATH, ...env },
    (line) => output.push(line),
  );
  await Promise.race([
    waitUntil(
      'npm start to say it is running',
      async () => output.some((l) => l.includes('is running')),
      90_000,
    ),
    child.exited.then((code) =>
      Promise.reject(new Error(`npm start exited with ${code}:\n${output.join('\n')}`)),
    ),
  ]);
  return { child, output };
}

async function ctrlC({ child }: Started): Promise<number | string> {
  child.process.kill('SIGINT');
  return child.exited;
}

const listening = (port: number) => isHttpOk(`http://127.0.0.1:${port}/health`).catch(() => false);

describe('npm start', () => {
  let running: Started | undefined;
  afterEach(async () => {
    if (running) await stopChild(running.child);
  });
  // npm start keeps its data (the record's PostgreSQL, 47 MB); a test's is thrown away.
  const dataDirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'curfew-data-'));
    dataDirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps variations across Ctrl-C and a restart, and stops every child on Ctrl-C', async () => {
    // Reachable by the postgres user the server runs as under root, as a clone's .data/ is.
    const dataDir = newDataDir();
    chmodSync(dataDir, 0o755);
    const [port, devPort, uiPort, smtpPort, inboxPort, postgresPort] = await freePorts(6);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_DEV_SERVER_PORT: String(devPort),
      TEMPORAL_UI_PORT: String(uiPort),
      MAIL_SMTP_PORT: String(smtpPort),
      MAIL_INBOX_PORT: String(inboxPort),
      POSTGRES_PORT: String(postgresPort),
    };

    running = await npmStart(env);
    expect(running.output.join('\n')).toContain(`OpenAPI docs     http://localhost:${port}/docs`);
    expect(running.output.join('\n')).toContain(`Temporal UI      http://localhost:${uiPort}`);
    expect(running.output.join('\n')).toContain(`Mail inbox       http://localhost:${inboxPort}`);
    expect(running.output.join('\n')).toContain(
      `The record       postgres://postgres@127.0.0.1:${postgresPort}/curfew_variations (embedded`,
    );
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    const token = await localToken(localSecrets(dataDir).AUTH_JWT_SECRET, { role: 'practitioner' });
    const created = await call(`http://127.0.0.1:${port}`, 'POST', '/variations', {
      token,
      body: timesChange(),
    });
    expect(created.status).toBe(201);

    expect(await ctrlC(running)).toBe(0);
    expect(await listening(port)).toBe(false);
    expect(await isHttpOk(`http://127.0.0.1:${uiPort}`).catch(() => false)).toBe(false);
    expect(await isHttpOk(`http://127.0.0.1:${inboxPort}/index.html`).catch(() => false)).toBe(false);
    expect(await isListening(postgresPort)).toBe(false);

    running = await npmStart(env);
    const again = await call(`http://127.0.0.1:${port}`, 'GET', `/variations/${created.body.id}`, { token });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('AWAITING_TRIAGE');
    expect(await ctrlC(running)).toBe(0);
    running = undefined;
  }, 180_000);

  it('uses the Temporal server in TEMPORAL_ADDRESS, the relay in SMTP_URL and the database in DATABASE_URL instead of starting them', async () => {
    const temporal = await startTemporal();
    const mailbox = await startMailbox();
    const postgres = await startTestPostgres();
    try {
      const databaseUrl = await postgres.urlOf('given');
      const port = await freePort();
      running = await npmStart({
        DATA_DIR: newDataDir(),
        PORT: String(port),
        TEMPORAL_ADDRESS: temporal.env.address,
        SMTP_URL: mailbox.url,
        DATABASE_URL: databaseUrl,
        ...temporal.secrets,
      });
      expect(running.output.some((l) => /^\[(temporal|mail|postgres)\]/.test(l))).toBe(false);
      // The record's schema was made in the given database, before the apps started.
      expect(running.output).toContain(
        '[record] migrations applied: 0001-variations, 0002-record-reads, 0003-page-sessions, 0004-order-versions',
      );
      // Not printed: a real DATABASE_URL carries a password.
      expect(running.output.join('\n')).toContain('The record       your PostgreSQL (DATABASE_URL)');
      const token = await localToken(temporal.secrets.AUTH_JWT_SECRET, { role: 'practitioner' });
      const created = await call(`http://127.0.0.1:${port}`, 'POST', '/variations', {
        token,
        body: timesChange(),
      });
      expect(created.status).toBe(201);
      // The variation lives on the configured server.
      const description = await temporal.env.client.workflow
        .getHandle(`variation-${created.body.id}`)
        .describe();
      expect(description.status.name).toBe('RUNNING');
      expect(await ctrlC(running)).toBe(0);
      running = undefined;
    } finally {
      await temporal.env.teardown();
      await mailbox.stop();
      await postgres.discard();
    }
  }, 180_000);
});
