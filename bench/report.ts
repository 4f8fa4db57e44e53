// The result of a run: JSON for machines, a Markdown table for BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { AtRateResult } from './at-rate';
import type { CeilingResult } from './ceiling/run';
import type { CeilingStep } from './ceiling/workflow';
import type { BenchConfig } from './config';
import type { CostBreakdown } from './costs';
import type { HistorySummary } from './history';
import type { OpenLoopResult } from './open-loop';
import type { ParkedResult } from './parked';
import type { RecordCost } from './record-cost';
import { type Percentiles, percentiles, type ProcessUsage, type Throughput } from './metrics';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface BenchResult {
  ranAt: string;
  /** The commit measured (with -dirty for uncommitted changes). */
  revision: string;
  machine: Machine;
  sizes: Omit<BenchConfig, 'resultsDir' | 'profile' | 'temporalAddress'> & { temporal: string };
  seconds: number;
  lifecycle: {
    completed: number;
    failed: number;
    errors: string[];
    throughput: Throughput;
    /** Submit to COMPLETED, one lifecycle. */
    durationMs: Percentiles;
    mailPerLifecycle: number;
  };
  endpoints: Record<string, Percentiles>;
  /** From the approval call sent to the notice received by the EMS simulator. */
  approvalToEmsMs: Percentiles;
  atRate: AtRateResult;
  history: HistorySummary;
  /** CPU and memory of each process while the lifecycles ran, and their CPU in all (the bench's too). */
  processes: (ProcessUsage & { cpuMsPerLifecycle: number })[];
  cpuMsPerLifecycle: number;
  openLoopSubmit: OpenLoopResult;
  /** The ceiling driven through the Temporal client, and through an HTTP front; ratio: ours / its rate. */
  ceiling: CeilingResult & { ratio: number };
  httpCeiling: CeilingResult & { ratio: number };
  parked: ParkedResult;
  record: RecordCost;
  costs: CostBreakdown;
}

export const sumOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

export function machine(): Machine {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function revision(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    return 'unknown';
  }
}

export const describeMachine = (m: Machine) =>
  `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GiB, Node ${m.node.slice(1)}, ${m.platform}`;

const met = (ok: boolean) => (ok ? 'yes' : 'no');
const ms = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;
/** Activities of one step, e.g. `3` or `1+2L` (one ordinary, two local). */
const step = (s: CeilingStep) =>
  s.localActivities ? `${s.activities}+${s.localActivities}L` : String(s.activities);

export function markdown(r: BenchResult): string {
  const { lifecycle, ceiling, httpCeiling, history, parked, atRate, openLoopSubmit: open, costs } = r;
  const ceilings = [ceiling, httpCeiling];
  const by = (who: 'person' | 'ems') => ceiling.plan.steps.filter((s) => s.by === who).length;
  const updates = ceiling.plan.steps.filter((s) => s.message === 'update').length;
  // Each process's CPU per lifecycle or run, ours beside the ceilings'; Temporal's share in one line.
  const names = [...new Set([r.processes, ...ceilings.map((c) => c.processes)].flat().map((p) => p.name))];
  const cpuOf = (
    list: { name: string; cpuSeconds: number }[],
    runs: number,
    pick: (name: string) => boolean,
  ) =>
    Math.round((sumOf(list.filter((p) => pick(p.name)).map((p) => p.cpuSeconds)) * 1000) / Math.max(1, runs));
  const total = (c: CeilingResult) => cpuOf(c.processes, c.completed, () => true);
  const cpuRow = (label: string, pick: (name: string) => boolean) =>
    `| ${label} | ${cpuOf(r.processes, lifecycle.completed, pick)} | ${ceilings.map((c) => cpuOf(c.processes, c.completed, pick)).join(' | ')} |`;
  const lines = [
    `Ran ${r.ranAt} at ${r.revision} on ${describeMachine(r.machine)}; Temporal: ${r.sizes.temporal}; ` +
      `${r.sizes.workers} worker process${r.sizes.workers > 1 ? 'es' : ''} (and as many for each ceiling).`,
    `Sizes: ${r.sizes.variations} lifecycles at concurrency ${r.sizes.concurrency}, ` +
      `${r.sizes.latencyRate} lifecycles/s for ${r.sizes.latencySeconds} s and ${r.sizes.openLoopRps} submits/s for ${r.sizes.openLoopSeconds} s open loop, ${r.sizes.parked} parked, ` +
      `EMS delay ${r.sizes.emsDelayMs} ms. Whole run ${r.seconds} s.`,
    '',
    '| Figure | Value | Target | Met |',
    '| --- | --- | --- | --- |',
    `| Complete lifecycles per second (steady state) | ${lifecycle.throughput.perSecond} | >= 10 | ${met(lifecycle.throughput.perSecond >= 10)} |`,
    `| Ratio to the HTTP-fronted ceiling (${httpCeiling.throughput.perSecond}/s) | ${httpCeiling.ratio} | >= 0.7 | ${met(httpCeiling.ratio >= 0.7)} |`,
    `| Ratio to the client-driven ceiling (${ceiling.throughput.perSecond}/s) | ${ceiling.ratio} | | |`,
    `| CPU ms per lifecycle, all processes (HTTP-fronted ceiling; client-driven) | ${r.cpuMsPerLifecycle} (${total(httpCeiling)}; ${total(ceiling)}) | | |`,
    `| Approval to notice at EMS at ${atRate.rate} lifecycles/s (open loop), ms p50 / p95 / p99 | ${ms(atRate.approvalToEmsMs)} | p95 < 500 | ${met(atRate.approvalToEmsMs.p95 < 500)} |`,
    `| Approval to notice at EMS at ${r.sizes.concurrency} in flight (saturated), ms p50 / p95 / p99 | ${ms(r.approvalToEmsMs)} | p95 < 500 | ${met(r.approvalToEmsMs.p95 < 500)} |`,
    `| Submit at ${open.rps} rps open loop, ms p50 / p95 / p99 | ${ms(open)} | p99 < 100 | ${met(open.p99 < 100)} |`,
    `| History events per lifecycle (address change), mean (max) | ${history.eventsMean} (${history.eventsMax}) | <= 69 | ${met(history.eventsMax <= 69)} |`,
    `| Workflow tasks per lifecycle, mean (max) | ${history.workflowTasksMean} (${history.workflowTasksMax}) | | |`,
    `| Worker RSS with ${parked.count} waiting for triage, MB | ${parked.workerRssAfterMb} (${parked.workerRssBeforeMb} before, ${parked.workerKbPerVariation} KB each) | | |`,
    '',
    `Lifecycles, in two batches with the ceilings between them: ${lifecycle.completed} completed, ${lifecycle.failed} failed; ` +
      `${lifecycle.throughput.completions} in the steady windows (${lifecycle.throughput.window}) over ${lifecycle.throughput.seconds} s; ` +
      `submit to COMPLETED ms p50 / p95 / p99 ${ms(lifecycle.durationMs)}; ${lifecycle.mailPerLifecycle} mails each.`,
    `At ${atRate.rate} lifecycles/s for ${atRate.seconds} s (open loop): ${atRate.completed} completed, ${atRate.failed} failed; ` +
      `submit to COMPLETED ms p50 / p95 / p99 ${ms(atRate.durationMs)} (p50 ${atRate.durationMsMedianByHalf.join(' then ')} over the first and second half of arrivals); approval call ms ${ms(atRate.endpoints.approval ?? percentiles([]))}.`,
    `Each lifecycle: ${history.updatesMean} Updates, ${history.activitiesMean} activities, ${history.localActivitiesMean} local activities, ${history.timersMean} timers, ${history.signalsMean} signals.`,
    `Its events by type (mean): ${Object.entries(history.eventsByTypeMean)
      .map(([type, mean]) => `${type} ${mean}`)
      .join(', ')}.`,
    '',
    '| Endpoint | Calls | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(r.endpoints).map(
      ([name, p]) => `| ${name} | ${p.count} | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} |`,
    ),
    '',
    '| Process (during the lifecycles) | CPU s | Cores busy | CPU ms per lifecycle | RSS peak MB | RSS mean MB |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.processes.map(
      (p) =>
        `| ${p.name} | ${p.cpuSeconds} | ${p.cores} | ${p.cpuMsPerLifecycle} | ${p.rssPeakMb} | ${p.rssMeanMb} |`,
    ),
    '',
    `Ceilings: a workflow with the same ${by('person')} actions by people (${updates} as Updates, the rest as signals), ` +
      `${by('ems')} EMS events (signals) and activities with nothing in them (at the start ${step(ceiling.plan.atStart)}; ` +
      `after each message ${ceiling.plan.steps.map((s) => `${s.by} ${s.message} ${step(s)}`).join(', ')}); ` +
      `${ceiling.history.events} history events, ${ceiling.history.workflowTasks} workflow tasks a run. ` +
      `Driven through the Temporal client: ${ceiling.completed} runs, ${ceiling.throughput.perSecond}/s (${ceiling.throughput.window}). ` +
      `Through the HTTP front (the api's Temporal calls for each request, nothing else): ${httpCeiling.completed} runs, ` +
      `${httpCeiling.throughput.perSecond}/s (${httpCeiling.throughput.window}); ${httpCeiling.history.events} history events, ` +
      `${httpCeiling.history.workflowTasks} workflow tasks a run (each action waits for its outcome, as ours do, so fewer signals share a task).`,
    '',
    '| CPU ms per lifecycle or run | Ours | Ceiling, client-driven | Ceiling, HTTP-fronted |',
    '| --- | --- | --- | --- |',
    ...names.map((name) => cpuRow(name, (other) => other === name)),
    cpuRow('Temporal (server and its database)', (name) => name.startsWith('temporal')),
    cpuRow('all', () => true),
    '',
    `What a lifecycle's costly parts cost, in CPU ms per lifecycle: each one's calls per lifecycle (counted in the api and workers over ${costs.lifecycles} lifecycles of the first batch, or stated) ` +
      `times the CPU of one call of its real code path, micro-benchmarked in a process of its own (at least ${costs.costMs} ms of CPU each).`,
    '',
    '| Item | Calls per lifecycle | CPU ms per lifecycle | Calls |',
    '| --- | --- | --- | --- |',
    ...costs.items.map((c) => `| ${c.item} | ${c.calls} | ${c.cpuMsPerLifecycle} | ${c.counted} |`),
    `| all of these | | ${costs.totalMs} | of ${r.cpuMsPerLifecycle} in all processes |`,
    '',
    `Parked: ${parked.count} submitted in ${parked.submitSeconds} s (${parked.failed} failed), ` +
      `${r.sizes.parkConcurrency} at a time, submit ms p50 / p95 / p99 ${ms(parked.submitMs)}; ` +
      `api RSS ${parked.apiRssAfterMb} MB` +
      (parked.temporalRssAfterMb === undefined
        ? '.'
        : `, Temporal server RSS ${parked.temporalRssAfterMb} MB.`),
    '',
    `The record's writes, in this run: ${r.record.lifecycles} lifecycles on a worker with them left out, then ${r.record.lifecycles} with them (target: at most +15% of the total).`,
    '',
    '| CPU ms per lifecycle | Without the record | With it |',
    '| --- | --- | --- |',
    ...Object.keys(r.record.with).map(
      (name) => `| ${name} | ${r.record.without[name] ?? 0} | ${r.record.with[name]} |`,
    ),
    `| added | | ${Math.round(r.record.added * 100)}% |`,
  ];
  const failures = [
    ...lifecycle.errors,
    ...atRate.errors,
    ...open.errors,
    ...ceiling.errors,
    ...httpCeiling.errors,
    ...parked.errors,
  ];
  if (failures.length) lines.push('', 'First failures:', ...failures.map((e) => `- ${e}`));
  return `${lines.join('\n')}\n`;
}
