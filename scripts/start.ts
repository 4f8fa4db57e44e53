// `npm start`: the whole service on embedded defaults. Every outside party whose variable is set is
// used as it is; every one that is not gets a local stand-in (api.md, Configuration).
import { Connection } from '@temporalio/client';
import { join } from 'node:path';
import { localSecrets } from './local-secrets';
import { registerSearchAttributes } from './register-search-attributes';
import { appEntry, dataDir, repoRoot } from '../libs/config/src/paths';
import { type Child, isHttpOk, spawnChild, stopChild, waitUntil } from './processes';
import { resolveTemporalCli } from './temporal-cli';
import { devServerArgs } from './temporal-dev-server';
import { untilServing } from './temporal-ready';
import { type LocalPostgres, startLocalPostgres } from './local-postgres';
import { migrateRecordAt } from './migrate-record';

const children: Child[] = [];
let postgres: LocalPostgres | undefined;
let stopping = false;

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...localSecrets(dataDir), ...process.env };
  const port = env.PORT ?? '3000';
  env.PUBLIC_BASE_URL ??= `http://localhost:${port}`;
  // A developer's machine: the pages' sign-in picks a role (HMPPS Auth replaces it when configured).
  env.LOCAL_SIGN_IN ??= 'true';

  let temporalUi = 'the Temporal UI of your server';
  if (!env.TEMPORAL_ADDRESS) {
    const devPort = Number(env.TEMPORAL_DEV_SERVER_PORT ?? 7233);
    const uiPort = Number(env.TEMPORAL_UI_PORT ?? devPort + 1000);
    env.TEMPORAL_ADDRESS = `127.0.0.1:${devPort}`;
    temporalUi = `http://localhost:${uiPort}`;
    // The UI decrypts what it shows through the api's codec endpoint, for an admin signed in there.
    env.TEMPORAL_UI_ORIGIN ??= temporalUi;
    await startTemporalDevServer(devPort, uiPort, `http://localhost:${port}/codec`);
  }

  let record = 'your PostgreSQL (DATABASE_URL)';
  if (!env.DATABASE_URL) {
    const postgresPort = Number(env.POSTGRES_PORT ?? 5433);
    postgres = await startLocalPostgres({
      dataDir: join(dataDir, 'postgres'),
      port: postgresPort,
      log: (line) => console.log(`[postgres] ${line}`),
    });
    env.DATABASE_URL = await postgres.urlOf('curfew_variations');
    record = `${env.DATABASE_URL} (embedded, data in .data/postgres)`;
  }
  const applied = await migrateRecordAt(env.DATABASE_URL);
  if (applied.length) console.log(`[record] migrations applied: ${applied.join(', ')}`);

  let mailInbox = 'your mail relay';
  if (!env.SMTP_URL) {
    const smtpPort = Number(env.MAIL_SMTP_PORT ?? 1025);
    const inboxPort = Number(env.MAIL_INBOX_PORT ?? 1080);
    env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    mailInbox = `http://localhost:${inboxPort}`;
    await startMailCatcher(smtpPort, inboxPort);
  }

  let emsAdmin = 'your EMS provider';
  if (!env.EMS_API_URL) {
    const emsPort = env.EMS_SIMULATOR_PORT ?? '3100';
    env.EMS_SIMULATOR_PORT = emsPort;
    env.EMS_API_URL = `http://127.0.0.1:${emsPort}`;
    env.EMS_WEBHOOK_URL ??= `http://127.0.0.1:${port}/webhooks/ems`;
    emsAdmin = `http://localhost:${emsPort}/admin/notices`;
    children.push(spawnChild('ems', process.execPath, [appEntry('ems-simulator')], env));
  }

  let nDelius = 'your nDelius (NDELIUS_API_URL)';
  if (!env.NDELIUS_API_URL) {
    const nDeliusPort = env.NDELIUS_STAND_IN_PORT ?? '3200';
    env.NDELIUS_STAND_IN_PORT = nDeliusPort;
    env.NDELIUS_API_URL = `http://127.0.0.1:${nDeliusPort}`;
    nDelius = `http://localhost:${nDeliusPort} (a stand-in: fictional people in config/ndelius-people.json)`;
    children.push(spawnChild('ndelius', process.execPath, [appEntry('ndelius-stand-in')], env));
  }

  children.push(spawnChild('worker', process.execPath, [appEntry('worker')], env));
  const api = spawnChild('api', process.execPath, [appEntry('api')], env);
  children.push(api);
  for (const child of children) void child.exited.then((code) => unexpectedExit(child, code));

  await waitUntil('the api to be healthy', () => isHttpOk(`http://127.0.0.1:${port}/health`), 120_000);
  console.log(`
Curfew Variations is running.
  Pages (sign in)  http://localhost:${port}
  API              http://localhost:${port}
  OpenAPI docs     http://localhost:${port}/docs
  Temporal UI      ${temporalUi}
  Mail inbox       ${mailInbox}
  The record       ${record}
  EMS simulator    ${emsAdmin}
  nDelius          ${nDelius}
  A token          npm run token -- --role practitioner
Press Ctrl-C to stop.
`);
}

async function startTemporalDevServer(port: number, uiPort: number, codecEndpoint: string): Promise<void> {
  const cli = resolveTemporalCli();
  const args = devServerArgs(port, {
    dbFilename: join(dataDir, 'temporal.db'),
    logLevel: 'warn',
    ui: { port: uiPort, codecEndpoint },
  });
  const server = spawnChild('temporal', cli, args, process.env);
  children.push(server);
  const address = `127.0.0.1:${port}`;
  await untilServing(address, server);
  const connection = await Connection.connect({ address });
  // A database kept from an older version lacks search attributes added since; --search-attribute
  // registers them only on a new database. The server's cache takes them up within a minute; a
  // variation that writes one before then has its workflow task retried until it can.
  const added = await registerSearchAttributes(connection, 'default');
  if (added.length) console.log(`[temporal] registered search attributes ${added.join(', ')}`);
  await connection.close();
}

/** maildev: a local SMTP server with a web inbox, so a person can open the emails and click the links. */
async function startMailCatcher(smtpPort: number, inboxPort: number): Promise<void> {
  const maildev = join(repoRoot, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const args = [
    '--smtp',
    String(smtpPort),
    '--web',
    String(inboxPort),
    '--ip',
    '127.0.0.1',
    '--web-ip',
    '127.0.0.1',
  ];
  children.push(spawnChild('mail', process.execPath, [maildev, ...args], process.env));
  await waitUntil(
    `the mail inbox on port ${inboxPort}`,
    () => isHttpOk(`http://127.0.0.1:${inboxPort}/index.html`),
    30_000,
  );
}

function unexpectedExit(child: Child, code: number | string): void {
  if (stopping) return;
  console.error(`[${child.name}] stopped unexpectedly (${code}); stopping everything.`);
  void stopAll(1);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Apps first, so the worker finishes in-flight work while Temporal is still there.
  for (const child of [...children].reverse()) await stopChild(child);
  await postgres?.stop();
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

main().catch((error: unknown) => {
  console.error((error as Error).message);
  void stopAll(1);
});
