// The worker image runs the workflow bundle made at image build (Dockerfile, WORKFLOW_BUNDLE_PATH),
// and its HEALTHCHECK asks Temporal whether the container's worker polls. Both through the compiled
// scripts the image runs.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { appEntry, repoRoot } from '../../libs/config/src/paths';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { type Child, spawnChild, stopChild, waitUntil } from '../../scripts/processes';
import { triageAction, viewQuery } from '../../workflows/messages';
import { recordingSecrets } from '../replay/recording-secrets';
import { startMailbox, type TestMailbox } from '../support/mailbox';
import { timesChange } from '../support/requests';
import { startTemporal, type TestTemporal } from '../support/temporal-server';
import { act, spo, startVariation } from '../support/workflow-harness';
import type { LocalPostgres } from '../../scripts/local-postgres';
import { migrateRecordAt } from '../../scripts/migrate-record';
import { startTestPostgres } from '../support/postgres';

const bundlePath = join(mkdtempSync(join(tmpdir(), 'workflow-bundle-')), 'workflow-bundle.js');
const script = (name: string) => join(repoRoot, 'dist', 'scripts', `${name}.js`);

beforeAll(() => {
  execFileSync(process.execPath, [script('bundle-workflows'), bundlePath], { stdio: 'pipe' });
});

it('carries the failure converter that encrypts failure messages', () => {
  // Without it the sandbox would write the workflow's own failures to history in plaintext.
  expect(readFileSync(bundlePath, 'utf8')).toContain('libs/temporal/src/failure-converter');
});

it('replays every recorded history, of the current code and of earlier code', async () => {
  const folder = join(repoRoot, 'test', 'histories');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.json'),
  );
  expect(files.length).toBeGreaterThan(0);
  const histories = files.map((file) => ({
    workflowId: file,
    history: historyFromJSON(JSON.parse(readFileSync(join(folder, file), 'utf8'))),
  }));
  const results = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: bundlePath }, dataConverter: dataConverter(recordingSecrets) },
    histories,
  )) {
    results.push(result);
  }
  expect(results.map((result) => [result.workflowId, result.error])).toEqual(
    files.map((file) => [file, undefined]),
  );
});

describe('the worker given WORKFLOW_BUNDLE_PATH', () => {
  let temporal: TestTemporal;
  let mailbox: TestMailbox;
  let postgres: LocalPostgres;
  let databaseUrl: string;
  const output: string[] = [];
  const taskQueue = `bundle-test-${randomUUID()}`;
  // The compiled worker alone, as its image runs it: the workflows come from nowhere but the bundle.
  const startWorker = (queue: string, bundle: string, lines: string[]) =>
    spawnChild(
      'worker',
      process.execPath,
      [appEntry('worker')],
      {
        PATH: process.env.PATH,
        ...temporal.secrets,
        TEMPORAL_ADDRESS: temporal.env.address,
        TEMPORAL_TASK_QUEUE: queue,
        SMTP_URL: mailbox.url,
        DATABASE_URL: databaseUrl,
        AUDIT_LOG_PATH: join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl'),
        WORKFLOW_BUNDLE_PATH: bundle,
      },
      (line) => lines.push(line),
    );
  let worker: Child;

  beforeAll(async () => {
    [temporal, mailbox, postgres] = await Promise.all([startTemporal(), startMailbox(), startTestPostgres()]);
    databaseUrl = await postgres.urlOf('record');
    await migrateRecordAt(databaseUrl);
    worker = startWorker(taskQueue, bundlePath, output);
    await waitUntil('the worker to poll', async () => output.join('\n').includes('Worker polling'), 60_000);
  }, 120_000);

  afterAll(async () => {
    if (worker) await stopChild(worker);
    await Promise.all([temporal?.env.teardown(), mailbox?.stop(), postgres?.discard()]);
  });

  const health = (queue: string) => {
    const env = {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: temporal.env.address,
      TEMPORAL_TASK_QUEUE: queue,
    };
    try {
      execFileSync(process.execPath, [script('worker-health')], { env, stdio: 'pipe' });
      return 'healthy';
    } catch (error) {
      return String((error as { stderr: Buffer }).stderr);
    }
  };

  it('runs variations from the bundle', async () => {
    expect(output.join('\n')).toContain(`running the prebuilt bundle ${bundlePath}`);
    const request = timesChange();
    request.curfew.electronicallyMonitored = false;
    const handle = await startVariation(temporal, taskQueue, request);
    expect((await handle.query(viewQuery)).status).toBe('AWAITING_TRIAGE');
    const triaged = await act(handle, triageAction, { decision: 'ACCEPT', by: spo });
    expect(triaged.status).toBe('AWAITING_APPROVAL');
  });

  it('is healthy while it polls its task queue, and a queue nobody polls is not', () => {
    expect(health(taskQueue)).toBe('healthy');
    expect(health('a-queue-nobody-polls')).toContain('no worker on');
  });

  it('refuses to start when the bundle is missing, naming the path', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'workflow-bundle.js');
    const lines: string[] = [];
    const broken = startWorker(`${taskQueue}-missing-bundle`, missing, lines);
    try {
      expect(await broken.exited).not.toBe(0);
      expect(lines.join('\n')).toContain(missing);
    } finally {
      await stopChild(broken);
    }
  });
});
