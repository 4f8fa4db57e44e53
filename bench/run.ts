// `npm run bench`: throughput, latency and cost of a variation, against the engine's own ceiling (issue 8).
import { Client, Connection } from '@temporalio/client';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VariationView } from '../libs/domain/src/variation';
import { dataConverter } from '../libs/temporal/src/data-converter';
import { ApiClient } from './api-client';
import { lifecyclesAtFixedRate } from './at-rate';
import { type CeilingDriver, type CeilingResult, runCeiling } from './ceiling/run';
import { benchConfig } from './config';
import { costBreakdown, countsWrittenSince, readCounts } from './costs';
import { ceilingPlanOf, countsOf, historyOf, summarise } from './history';
import { approvalToEms, runLifecycle, runPool } from './lifecycle';
import {
  combinedThroughput,
  Latencies,
  percentiles,
  round2,
  sampleProcesses,
  steadyThroughput,
} from './metrics';
import { submitAtFixedRate } from './open-loop';
import { parkVariations } from './parked';
import { recordCost } from './record-cost';
import { type BenchResult, machine, markdown, revision, sumOf } from './report';
import { waitUntil } from '../scripts/processes';
import { NAMESPACE, type Stack, startStack } from './stack';

/** Histories read per run: enough for a mean, few enough not to load the server for long. */
const HISTORIES_SAMPLED = 50;

async function main(): Promise<BenchResult> {
  const config = benchConfig();
  const began = Date.now();
  const engine = config.engine === 'cluster' ? 'the full Temporal server' : 'a Temporal dev server';
  log(
    `starting the stack (${config.temporalAddress ?? `${engine} of its own`}, ${config.workers} worker(s))`,
  );
  const stack = await startStack(config);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: NAMESPACE,
    dataConverter: dataConverter(stack.secrets),
  });
  try {
    const tokens = {
      practitioner: await stack.token('practitioner', 'alex.smith'),
      spo: await stack.token('spo', 'sam.spo'),
      pduHead: await stack.token('pdu-head', 'pat.head'),
    };
    const endpoints = new Latencies();
    const api = new ApiClient(stack.baseUrl, endpoints);

    // The lifecycles run in two batches with the ceilings between them, so that a change in the
    // machine's speed during the run falls on both sides of the ratio alike.
    const processes = [...stack.processes(), { name: 'bench', pid: process.pid }];
    const firstBatch = Math.ceil(config.variations / 2);
    const batch = async (count: number, offset: number) => {
      log(`${count} lifecycles, ${config.concurrency} at a time`);
      const startedAt = Date.now();
      const { results, errors } = await runPool(count, config.concurrency, (n) =>
        runLifecycle(offset + n, api, temporal, stack.mail, tokens),
      );
      if (results.length === 0) throw failed(stack, `no lifecycle completed: ${errors[0]}`);
      const completions = results.map((run) => run.completedAt);
      return {
        runs: results,
        errors,
        throughput: steadyThroughput(startedAt, completions, config.concurrency),
      };
    };
    const sampler = sampleProcesses(processes);
    const mailBefore = stack.mail.received();
    const countsBefore = readCounts(stack.countsDir);
    const before = await batch(firstBatch, 0);
    sampler.pause();
    const ended = Date.now();
    await waitUntil('the apps to write their call counts', async () =>
      countsWrittenSince(stack.countsDir, ended),
    );
    const countsAfter = readCounts(stack.countsDir);

    const plan = ceilingPlanOf(await historyOf(temporal, `variation-${before.runs[0].id}`));
    const ceiling = (via: CeilingDriver) => {
      const how = via === 'http' ? 'an HTTP front' : 'the Temporal client';
      log(
        `the ceiling through ${how}: ${config.variations} minimal workflows, ${config.concurrency} at a time`,
      );
      return runCeiling(stack, plan, {
        via,
        count: config.variations,
        concurrency: config.concurrency,
        workers: config.workers,
      });
    };
    const clientCeiling = await ceiling('client');
    const httpCeiling = await ceiling('http');

    sampler.resume();
    const after = await batch(config.variations - firstBatch, firstBatch);
    const usage = sampler.stop();
    const runs = [...before.runs, ...after.runs];
    const errors = [...before.errors, ...after.errors];
    const throughput = combinedThroughput(before.throughput, after.throughput);
    const mailPerLifecycle = round2((stack.mail.received() - mailBefore) / runs.length);

    const approvalToEmsMs = await approvalToEms(stack.emsUrl, runs);
    const sampled = runs.filter((_, i) => i % Math.ceil(runs.length / HISTORIES_SAMPLED) === 0);
    const histories = await Promise.all(sampled.map((run) => historyOf(temporal, `variation-${run.id}`)));
    const history = summarise(histories.map(countsOf));

    // The closed loop above saturates the machine; these give latency at a stated load.
    const latencyRate = config.latencyRate ?? Math.max(1, Math.floor(throughput.perSecond / 2));
    log(`lifecycles arriving at ${latencyRate} a second for ${config.latencySeconds} s`);
    const atRate = await lifecyclesAtFixedRate(
      stack,
      temporal,
      tokens,
      latencyRate,
      config.latencySeconds,
      config.variations,
    );

    log(`submit at ${config.openLoopRps} rps for ${config.openLoopSeconds} s`);
    const firstOpenLoopPerson = config.variations + latencyRate * config.latencySeconds;
    const openLoopSubmit = await submitAtFixedRate(
      (latencies) => new ApiClient(stack.baseUrl, latencies),
      tokens.practitioner,
      config.openLoopRps,
      config.openLoopSeconds,
      firstOpenLoopPerson,
    );

    log(`${config.parked} variations left waiting for triage`);
    const parked = await parkVariations(
      stack,
      tokens.practitioner,
      config.parked,
      config.parkConcurrency,
      firstOpenLoopPerson + config.openLoopRps * config.openLoopSeconds,
    );

    // Last: it replaces the worker.
    log(
      `the record's cost: ${config.variations} lifecycles without its writes, then ${config.variations} with them`,
    );
    const record = await recordCost(
      stack,
      connection,
      batch,
      config.variations,
      firstOpenLoopPerson + config.openLoopRps * config.openLoopSeconds + config.parked,
    );

    log(`the cost of each costly part of a lifecycle, at least ${config.costMs} CPU ms each`);
    const costs = await costBreakdown(stack, {
      counts: Object.fromEntries(
        Object.entries(countsAfter).map(([name, value]) => [name, value - (countsBefore[name] ?? 0)]),
      ),
      lifecycles: before.runs.length,
      view: (await temporal.workflow.getHandle(`variation-${before.runs[0].id}`).result()) as VariationView,
      upserts: history.eventsByTypeMean.UPSERT_WORKFLOW_SEARCH_ATTRIBUTES ?? 0,
      costMs: config.costMs,
    });

    const ours = usage.map((p) => ({
      ...p,
      cpuMsPerLifecycle: Math.round((p.cpuSeconds * 1000) / runs.length),
    }));
    const ratio = (ceiling: CeilingResult) =>
      ceiling.throughput.perSecond ? round2(throughput.perSecond / ceiling.throughput.perSecond) : 0;
    return {
      ranAt: new Date(began).toISOString(),
      revision: revision(),
      machine: machine(),
      sizes: {
        variations: config.variations,
        concurrency: config.concurrency,
        parked: config.parked,
        parkConcurrency: config.parkConcurrency,
        latencyRate,
        latencySeconds: config.latencySeconds,
        openLoopRps: config.openLoopRps,
        openLoopSeconds: config.openLoopSeconds,
        emsDelayMs: config.emsDelayMs,
        engine: config.engine,
        workers: config.workers,
        costMs: config.costMs,
        temporal: stack.engine,
      },
      seconds: round2((Date.now() - began) / 1000),
      lifecycle: {
        completed: runs.length,
        failed: errors.length,
        errors: errors.slice(0, 5),
        throughput,
        durationMs: percentiles(runs.map((run) => run.completedAt - run.startedAt)),
        mailPerLifecycle,
      },
      endpoints: endpoints.summary(),
      approvalToEmsMs,
      atRate,
      history,
      processes: ours,
      cpuMsPerLifecycle: Math.round((sumOf(usage.map((p) => p.cpuSeconds)) * 1000) / runs.length),
      openLoopSubmit,
      ceiling: { ...clientCeiling, ratio: ratio(clientCeiling) },
      httpCeiling: { ...httpCeiling, ratio: ratio(httpCeiling) },
      parked,
      record,
      costs,
    };
  } finally {
    await connection.close();
    await stack.stop();
  }
}

function failed(stack: Stack, message: string): Error {
  const tails = ['api', 'worker', 'ems'].flatMap((name) =>
    stack
      .lastLines(name)
      .slice(-10)
      .map((line) => `[${name}] ${line}`),
  );
  return new Error(`${message}\n${tails.join('\n')}`);
}

const log = (line: string) => console.log(`[bench] ${line}`);

main()
  .then((result) => {
    const { resultsDir } = benchConfig();
    mkdirSync(resultsDir, { recursive: true });
    const table = markdown(result);
    writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(resultsDir, 'latest.md'), table);
    console.log(`\n${table}\nWritten to ${join(resultsDir, 'latest.json')} and latest.md`);
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(`[bench] failed: ${(error as Error).message}`);
    process.exit(1);
  });
