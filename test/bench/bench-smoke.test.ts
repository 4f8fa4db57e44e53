// `npm run bench` in miniature: the harness runs end to end and reports every figure. No timing
// targets here: those belong to BENCHMARKS.md, measured on a quiet machine.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../libs/config/src/paths';
import { spawnChild } from '../../scripts/processes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let result: any;

beforeAll(async () => {
  const resultsDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const output: string[] = [];
  const bench = spawnChild(
    'bench',
    process.execPath,
    [join(repoRoot, 'dist', 'bench', 'run.js')],
    {
      ...process.env,
      BENCH_VARIATIONS: '3',
      BENCH_CONCURRENCY: '3',
      BENCH_PARKED: '20',
      BENCH_LATENCY_SECONDS: '1',
      BENCH_OPEN_LOOP_SECONDS: '2',
      BENCH_COST_MS: '20',
      BENCH_RESULTS_DIR: resultsDir,
      TEMPORAL_ADDRESS: '',
    },
    (line) => output.push(line),
  );
  const code = await bench.exited;
  if (code !== 0) throw new Error(`the bench exited with ${code}:\n${output.slice(-40).join('\n')}`);
  result = JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8'));
}, 300_000);

const ordered = (p: { count: number; p50: number; p95: number; p99: number }) => {
  expect(p.count).toBeGreaterThan(0);
  expect(p.p50).toBeGreaterThan(0);
  expect(p.p50).toBeLessThanOrEqual(p.p95);
  expect(p.p95).toBeLessThanOrEqual(p.p99);
};

it('completes every lifecycle and reports a rate, for the service and both its ceilings', () => {
  expect(result.sizes).toMatchObject({ engine: 'dev-server', workers: 1 });
  expect(result.lifecycle).toMatchObject({ completed: 3, failed: 0 });
  expect(result.lifecycle.throughput.perSecond).toBeGreaterThan(0);
  expect(result.lifecycle.mailPerLifecycle).toBeGreaterThan(0);
  expect(result.cpuMsPerLifecycle).toBeGreaterThan(0);
  for (const [ceiling, via] of [
    [result.ceiling, 'client'],
    [result.httpCeiling, 'http'],
  ]) {
    expect(ceiling).toMatchObject({ via, completed: 3, failed: 0 });
    expect(ceiling.throughput.perSecond).toBeGreaterThan(0);
    expect(ceiling.ratio).toBeGreaterThan(0);
    expect(ceiling.history.events).toBeGreaterThan(0);
  }
  // The ceiling copies the lifecycle's Updates, signals and activities; of an address change's
  // signals, two are the EMS provider's (confirmed, visited), the rest people's actions.
  const { plan } = result.ceiling;
  const steps = (pick: (step: { message: string; by: string }) => boolean) => plan.steps.filter(pick).length;
  expect(steps((step) => step.message === 'update')).toBe(Math.round(result.history.updatesMean));
  expect(steps((step) => step.message === 'signal')).toBe(Math.round(result.history.signalsMean));
  expect(steps((step) => step.by === 'ems')).toBe(2);
  // The HTTP front is a process of its own, sampled like the api.
  const front = result.httpCeiling.processes.find((p: { name: string }) => p.name === 'ceiling-front');
  expect(front.cpuSeconds).toBeGreaterThan(0);
});

it("breaks a lifecycle's CPU down item by item, with calls counted in real lifecycles", () => {
  const { costs } = result;
  const item = (name: string) => costs.items.find((c: { item: string }) => c.item.startsWith(name));
  for (const name of [
    'encryption',
    'PDF rendering',
    'mail',
    'EMS call',
    'record writes',
    'search attributes',
    'validation',
    'auth',
    'nDelius calls',
  ]) {
    expect(item(name).calls).toBeGreaterThan(0);
    expect(item(name).cpuMsPerLifecycle).toBeGreaterThan(0);
  }
  // Six authenticated requests a lifecycle, and as many mails as the sink received.
  expect(item('auth').calls).toBe(6);
  expect(item('mail').calls).toBe(result.lifecycle.mailPerLifecycle);
  expect(item('EMS call').calls).toBe(1);
  expect(costs.totalMs).toBeGreaterThan(0);
});

it('reports ordered latencies for each endpoint, approval to EMS, and submit at a fixed rate', () => {
  for (const endpoint of ['submit', 'checks', 'triage', 'approval', 'popInformed', 'view'])
    ordered(result.endpoints[endpoint]);
  ordered(result.approvalToEmsMs);
  // Unset, the rate is half what the closed loop sustained (at least 1).
  const rate = Math.max(1, Math.floor(result.lifecycle.throughput.perSecond / 2));
  expect(result.sizes.latencyRate).toBe(rate);
  expect(result.atRate).toMatchObject({ rate, seconds: 1, completed: rate, failed: 0 });
  ordered(result.atRate.approvalToEmsMs);
  ordered(result.atRate.durationMs);
  expect(result.atRate.durationMsMedianByHalf).toHaveLength(2);
  ordered(result.openLoopSubmit);
  expect(result.openLoopSubmit.failed).toBe(0);
});

it('counts history events and workflow tasks per lifecycle', () => {
  expect(result.history.eventsMean).toBeGreaterThan(0);
  expect(result.history.workflowTasksMean).toBeGreaterThan(0);
  expect(result.ceiling.history.events).toBeGreaterThan(0);
});

it('reads CPU and memory of the worker and the api, and the worker with variations parked', () => {
  for (const name of ['worker', 'api']) {
    const usage = result.processes.find((p: { name: string }) => p.name === name);
    expect(usage.cpuSeconds).toBeGreaterThan(0);
    expect(usage.rssPeakMb).toBeGreaterThan(0);
  }
  expect(result.parked).toMatchObject({ count: 20, failed: 0 });
  ordered(result.parked.submitMs);
  expect(result.parked.workerRssAfterMb).toBeGreaterThan(0);
  expect(result.machine.cores).toBeGreaterThan(0);
});
