// `npm run bench:record`: reads from the record at national scale (issue 21). Seeds RECORD_BENCH_ROWS
// (100,000 by default, about a year and a third of national use) recorded variations straight into
// a PostgreSQL of its own, starts the api on it, and times GET /mi/summary, the dashboard page, the
// first page of GET /variations and a CRN search over HTTP: p50 and p95 of BENCH_READS calls each.
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEntry } from '../libs/config/src/paths';
import { timesChange } from '../libs/contracts/src/sample-requests';
import type { Status, TimelineEvent, VariationView } from '../libs/domain/src/variation';
import { recordDatabase } from '../libs/record/src/database';
import { VariationRecords } from '../libs/record/src/variation-records';
import { crnDigest } from '../libs/security/src/crn-digest';
import { parseEncryptionKeys } from '../libs/temporal/src/payload-codec';
import { startLocalPostgres } from '../scripts/local-postgres';
import { generateSecrets } from '../scripts/local-secrets';
import { migrateRecordAt } from '../scripts/migrate-record';
import { isHttpOk, spawnChild, stopChild, waitUntil } from '../scripts/processes';
import { localToken } from '../scripts/token';
import { signedIn } from '../scripts/local-sign-in';
import { benchConfig } from './config';
import { type Percentiles, percentiles } from './metrics';
import { freePort } from '../scripts/free-port';

const ROWS = Number(process.env.RECORD_BENCH_ROWS ?? 100_000);
const READS = Number(process.env.BENCH_READS ?? 50);
const PDUS = [
  'N07CEN',
  'N07SHF',
  'N54NTH',
  'N52LDS',
  'N43MCR',
  'N41LIV',
  'N23BRS',
  'N03NCL',
  'N50BHM',
  'N58LEI',
];
const DAY = 86_400_000;

/** A variation as its workflow would have published it: most ended, some at each open step. */
function recordedView(n: number): { view: VariationView; crn: string } {
  const request = timesChange();
  const crn = `B${String(n % Math.floor(ROWS / 3)).padStart(6, '0')}`;
  const submittedAt = Date.now() - randomInt(0, 400) * DAY - randomInt(0, DAY);
  const steps: [string, string?][] = [
    ['SUBMITTED'],
    ['TRIAGE_ACCEPT'],
    ['APPROVAL_APPROVE'],
    ['NOTICE_SENT', 'COURT'],
    ['EMS_CONFIRMED'],
    ['EMS_VISIT_COMPLETED', randomInt(10) === 0 ? 'NO_ACCESS' : 'INSTALLED'],
    ['POP_INFORMED', 'IN_PERSON'],
    ['COMPLETED'],
  ];
  const ended = randomInt(10) < 9;
  const reached = ended ? steps.length : randomInt(1, steps.length - 1);
  let at = submittedAt;
  const timeline: TimelineEvent[] = steps.slice(0, reached).map(([event, note]) => {
    at += randomInt(0, 3 * DAY);
    return { at: new Date(at).toISOString(), event, by: 'alex.smith', ...(note ? { note } : {}) };
  });
  const open: Status[] = [
    'AWAITING_TRIAGE',
    'AWAITING_APPROVAL',
    'AWAITING_EMS_CONFIRMATION',
    'AWAITING_EMS_VISIT',
  ];
  const view: VariationView = {
    ...request,
    person: { ...request.person, crn },
    practitioner: { ...request.practitioner, pduCode: PDUS[n % PDUS.length] },
    id: randomUUID(),
    status: ended ? 'COMPLETED' : open[Math.min(reached - 1, open.length - 1)],
    route: 'ADMINISTRATIVE',
    decisions: [],
    notices: [],
    ems: null,
    court: null,
    refusal: null,
    dueBy: ended ? null : new Date(at + 2 * DAY).toISOString().slice(0, 10),
    timeline,
  };
  return { view, crn };
}

async function timed(calls: number, call: () => Promise<Response>): Promise<Percentiles> {
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    const response = await call();
    await response.text();
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
    ms.push(performance.now() - start);
  }
  return percentiles(ms);
}

async function main() {
  const secrets = generateSecrets();
  const postgres = await startLocalPostgres({
    dataDir: join(mkdtempSync(join(tmpdir(), 'bench-record-reads-')), 'postgres'),
    port: await freePort(),
  });
  const databaseUrl = await postgres.urlOf('record');
  await migrateRecordAt(databaseUrl);
  const db = recordDatabase(databaseUrl);
  const records = new VariationRecords(
    db,
    parseEncryptionKeys(secrets.PAYLOAD_ENCRYPTION_KEYS),
    secrets.PAYLOAD_ENCRYPTION_KEY_ID,
  );
  const seedStart = Date.now();
  for (let n = 0; n < ROWS; n += 500) {
    const batch = Array.from({ length: Math.min(500, ROWS - n) }, (_, i) => recordedView(n + i));
    await records.publish(
      batch.map(({ view, crn }) => ({
        view,
        version: 1,
        crnDigest: crnDigest(crn, secrets.CRN_LOOKUP_SECRET),
      })),
    );
  }
  await db.destroy();
  const seedSeconds = (Date.now() - seedStart) / 1000;
  console.log(`[bench] ${ROWS} records seeded in ${seedSeconds.toFixed(1)} s`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = spawnChild(
    'api',
    process.execPath,
    [appEntry('api')],
    {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      ...secrets,
      // No Temporal: these reads do not need it.
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      DATABASE_URL: databaseUrl,
      EMS_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
      DECISION_LINK_SECRET: 'd'.repeat(32),
      SMTP_URL: 'smtp://127.0.0.1:1',
      AUDIT_LOG_PATH: join(mkdtempSync(join(tmpdir(), 'bench-audit-')), 'audit.jsonl'),
      LOCAL_SIGN_IN: 'true',
    },
    () => undefined,
  );
  try {
    await waitUntil('the api', () => isHttpOk(`${baseUrl}/ping`), 60_000);
    const bearer = async (role: string) => ({
      authorization: `Bearer ${await localToken(secrets.AUTH_JWT_SECRET, { role, pdu: PDUS[0] })}`,
    });
    const emLead = await bearer('em-lead');
    const practitioner = await bearer('practitioner');
    const session = await signedIn(baseUrl, 'em-lead', PDUS[0]);
    const get = (path: string, headers: Record<string, string>) => () =>
      fetch(`${baseUrl}${path}`, { headers });
    // One call each first: the pool's connections and the plans are made once, not per call.
    const figures = {
      rows: ROWS,
      reads: READS,
      seedSeconds,
      miSummary: await timed(READS + 1, get('/mi/summary', emLead)),
      miSummaryOneYear: await timed(
        READS,
        get(`/mi/summary?from=${new Date(Date.now() - 365 * DAY).toISOString().slice(0, 10)}`, emLead),
      ),
      dashboardPage: await timed(READS, get('/dashboard', { cookie: session })),
      listFirstPageNational: await timed(READS, get('/variations?pageSize=50', emLead)),
      listFirstPagePdu: await timed(READS, get('/variations?pageSize=50', practitioner)),
      crnSearch: await timed(
        READS,
        get(`/variations?crn=B${String(randomInt(Math.floor(ROWS / 3))).padStart(6, '0')}`, emLead),
      ),
    };
    const { resultsDir } = benchConfig();
    mkdirSync(resultsDir, { recursive: true });
    const ms = (p: Percentiles) => `${p.p50} / ${p.p95}`;
    const table = [
      `Record reads over ${ROWS} recorded variations (${READS} calls each, one after another), ms p50 / p95:`,
      '',
      '| Read | p50 / p95 ms | Target p95 |',
      '| --- | --- | --- |',
      `| GET /mi/summary, every variation | ${ms(figures.miSummary)} | < 300 |`,
      `| GET /mi/summary, the last year | ${ms(figures.miSummaryOneYear)} | < 300 |`,
      `| The dashboard page | ${ms(figures.dashboardPage)} | < 300 |`,
      `| GET /variations first page, national (EM Lead) | ${ms(figures.listFirstPageNational)} | < 100 |`,
      `| GET /variations first page, one PDU (practitioner) | ${ms(figures.listFirstPagePdu)} | < 100 |`,
      `| GET /variations?crn= (a person) | ${ms(figures.crnSearch)} | < 100 |`,
    ].join('\n');
    writeFileSync(join(resultsDir, 'record-reads.json'), `${JSON.stringify(figures, null, 2)}\n`);
    writeFileSync(join(resultsDir, 'record-reads.md'), `${table}\n`);
    console.log(`\n${table}`);
  } finally {
    await stopChild(api);
    await postgres.discard();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
