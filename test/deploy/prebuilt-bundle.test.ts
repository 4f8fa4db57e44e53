// The worker image runs the workflow bundle made at image build (Dockerfile, WORKFLOW_BUNDLE_PATH),
// and its HEALTHCHECK asks Temporal whether the container's worker polls. Both through the compiled
// scripts the image runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { appEntry, repoRoot } from '../../libs/config/src/paths';
import { dataConverter } from '../../libs/temporal/src/data-converter';
import { generateSecrets } from '../../scripts/local-secrets';
import { spawnChild, stopChild } from '../../scripts/processes';
import { recordingSecrets } from '../replay/recording-secrets';
import { call } from '../support/http';
import { timesChange } from '../support/requests';
import { type Stack, startStack } from '../support/stack';

const bundlePath = join(mkdtempSync(join(tmpdir(), 'workflow-bundle-')), 'workflow-bundle.js');
const script = (name: string) => join(repoRoot, 'dist', 'scripts', `${name}.js`);

beforeAll(() => {
  execFileSync(process.execPath, [script('bundle-workflows'), bundlePath], { stdio: 'pipe' });
});

it('carries the failure converter that encrypts failure messages', () => {
  // Without it the sandbox would write the workflow's own failures to history in plaintext.
  expect(readFileSync(bundlePath, 'utf8')).toContain('libs/temporal/src/failure-converter');
});

it('replays every recorded history', async () => {
  const folder = join(repoRoot, 'test', 'histories');
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
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

describe('a worker given WORKFLOW_BUNDLE_PATH', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { WORKFLOW_BUNDLE_PATH: bundlePath } });
  }, 120_000);

  afterAll(() => stack?.stop());

  const taskQueue = () => `test-${new URL(stack.baseUrl).port}`;
  const health = (queue: string) => {
    const env = {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: stack.temporal.env.address,
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
    expect(stack.output.join('\n')).toContain(`running the prebuilt bundle ${bundlePath}`);
    const practitioner = await stack.token('practitioner', { user: 'alex.smith' });
    const spo = await stack.token('spo', { user: 'sam.spo' });
    const submitted = await call(stack.baseUrl, 'POST', '/variations', {
      token: practitioner,
      body: timesChange(),
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('AWAITING_TRIAGE');
    const triaged = await call(stack.baseUrl, 'POST', `/variations/${submitted.body.id}/triage`, {
      token: spo,
      body: { decision: 'ACCEPT' },
    });
    expect(triaged.body.status).toBe('AWAITING_APPROVAL');
  });

  it('is healthy while it polls its task queue, and a queue nobody polls is not', () => {
    expect(health(taskQueue())).toBe('healthy');
    expect(health('a-queue-nobody-polls')).toContain('no worker on');
  });

  it('refuses to start when the bundle is missing, naming the path', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'workflow-bundle.js');
    const output: string[] = [];
    const worker = spawnChild(
      'worker',
      process.execPath,
      [appEntry('worker')],
      {
        PATH: process.env.PATH,
        ...generateSecrets(),
        TEMPORAL_ADDRESS: stack.temporal.env.address,
        TEMPORAL_TASK_QUEUE: `${taskQueue()}-missing-bundle`,
        AUDIT_LOG_PATH: join(tmpdir(), 'missing-bundle-audit.jsonl'),
        WORKFLOW_BUNDLE_PATH: missing,
      },
      (line) => output.push(line),
    );
    try {
      expect(await worker.exited).not.toBe(0);
      expect(output.join('\n')).toContain(missing);
    } finally {
      await stopChild(worker);
    }
  });
});
