// The sizes of a bench run, from the environment, so a quick run and the full one are the same code.
import { join } from 'node:path';
import { repoRoot } from '../libs/config/src/paths';

export interface BenchConfig {
  /** Whole lifecycles driven, and how many at once (closed loop). */
  variations: number;
  concurrency: number;
  /** Submissions left waiting for triage, for the worker's memory, and how many are sent at once. */
  parked: number;
  parkConcurrency: number;
  /**
   * Whole lifecycles arriving at a fixed rate for a fixed time, for latency at a stated load. Unset:
   * half the rate the closed loop sustained, a load this machine keeps up with whatever its speed.
   */
  latencyRate?: number;
  latencySeconds: number;
  /** The open-loop submit measurement: a fixed arrival rate for a fixed time. */
  openLoopRps: number;
  openLoopSeconds: number;
  /** The simulator's wait before each EMS event: 0 measures us, not the provider. */
  emsDelayMs: number;
  /** Writes V8 CPU profiles of the api and the worker into the results folder. */
  profile: boolean;
  resultsDir: string;
  /** Set: use this Temporal server rather than starting one. */
  temporalAddress?: string;
  /** The engine the bench starts: the CLI's dev server, or the full server on PostgreSQL. */
  engine: 'dev-server' | 'cluster';
  /** Worker processes of the service polling its task queue (and as many for each ceiling). */
  workers: number;
  /** CPU time each item of the cost breakdown is run for, at least, in milliseconds. */
  costMs: number;
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    variations: positive(env, 'BENCH_VARIATIONS', 200),
    concurrency: positive(env, 'BENCH_CONCURRENCY', 20),
    parked: positive(env, 'BENCH_PARKED', 5_000),
    parkConcurrency: positive(env, 'BENCH_PARK_CONCURRENCY', 10),
    latencyRate: env.BENCH_LATENCY_RATE ? positive(env, 'BENCH_LATENCY_RATE', 1) : undefined,
    latencySeconds: positive(env, 'BENCH_LATENCY_SECONDS', 20),
    openLoopRps: positive(env, 'BENCH_OPEN_LOOP_RPS', 20),
    openLoopSeconds: positive(env, 'BENCH_OPEN_LOOP_SECONDS', 30),
    emsDelayMs: positive(env, 'BENCH_EMS_DELAY_MS', 0, 0),
    profile: env.BENCH_PROFILE === '1',
    resultsDir: env.BENCH_RESULTS_DIR || join(repoRoot, 'bench', 'results'),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    engine: engineOf(env.BENCH_TEMPORAL),
    workers: positive(env, 'BENCH_WORKERS', 1),
    costMs: positive(env, 'BENCH_COST_MS', 1_000),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

function engineOf(raw: string | undefined): BenchConfig['engine'] {
  if (raw === undefined || raw === '' || raw === 'dev-server') return 'dev-server';
  if (raw === 'cluster') return 'cluster';
  throw new Error('BENCH_TEMPORAL must be dev-server or cluster');
}
