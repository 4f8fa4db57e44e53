// The arithmetic of the figures: percentiles, the steady-state rate, and processes' CPU and memory.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of durations in milliseconds, rounded to 0.1 ms. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** Durations in milliseconds, by name (one per endpoint). */
export class Latencies {
  private readonly byName = new Map<string, number[]>();

  add(name: string, ms: number): void {
    const list = this.byName.get(name) ?? [];
    list.push(ms);
    this.byName.set(name, list);
  }

  summary(): Record<string, Percentiles> {
    return Object.fromEntries([...this.byName].map(([name, values]) => [name, percentiles(values)]));
  }
}

export interface Throughput {
  perSecond: number;
  /** Completions counted and the seconds between the first and last of them. */
  completions: number;
  seconds: number;
  /** How the window was chosen. */
  window: string;
}

/**
 * Completions per second in the steady state: the first and last `concurrency` completions are
 * left out, because the loop is still filling up at the start and draining at the end. Too few
 * completions for that: the whole run, from the first start to the last completion.
 */
export function steadyThroughput(startedAt: number, completedAt: number[], concurrency: number): Throughput {
  const times = [...completedAt].sort((a, b) => a - b);
  const skip = Math.min(concurrency, Math.floor(times.length / 4));
  const first = skip;
  const last = times.length - 1 - skip;
  if (last - first >= 4) {
    const seconds = (times[last] - times[first]) / 1000;
    return {
      perSecond: round2((last - first) / seconds),
      completions: last - first,
      seconds: round2(seconds),
      window: `completions ${first + 1}-${last + 1} of ${times.length}`,
    };
  }
  const seconds = ((times.at(-1) ?? startedAt) - startedAt) / 1000;
  return {
    perSecond: seconds > 0 ? round2(times.length / seconds) : 0,
    completions: times.length,
    seconds: round2(seconds),
    window: 'whole run (too few completions for a steady window)',
  };
}

/** Two batches' steady windows as one: their completions over their seconds. */
export function combinedThroughput(a: Throughput, b: Throughput): Throughput {
  const completions = a.completions + b.completions;
  const seconds = a.seconds + b.seconds;
  return {
    perSecond: seconds > 0 ? round2(completions / seconds) : 0,
    completions,
    seconds: round2(seconds),
    window: `${a.window}, then ${b.window}`,
  };
}

export const round2 = (value: number) => Math.round(value * 100) / 100;

/** A process to sample; `tree`: with its descendants (PostgreSQL's connections are processes). */
export interface Sampled {
  name: string;
  pid: number;
  tree?: boolean;
}

export interface ProcessUsage {
  name: string;
  /** CPU time (user + system) used during the phase. */
  cpuSeconds: number;
  /** Average cores busy during the phase. */
  cores: number;
  rssPeakMb: number;
  rssMeanMb: number;
  rssLastMb: number;
}

interface Sample {
  at: number;
  cpuTicks: number;
  rssKb: number;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** /proc/<pid>/stat's fields after the command name, which may hold spaces: so counted from its ')'. */
function statOf(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * utime + stime from /proc/<pid>/stat; given the process table, also of every descendant, living
 * (each PostgreSQL connection is a process of its own) or ended (cutime + cstime).
 */
function readProcess(pid: number, table?: ProcessTable): Sample | undefined {
  try {
    const fields = statOf(pid);
    let cpuTicks = Number(fields[11]) + Number(fields[12]);
    if (table) cpuTicks += Number(fields[13]) + Number(fields[14]) + descendantTicks(pid, table);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { at: Date.now(), cpuTicks, rssKb };
  } catch {
    return undefined; // the process has gone
  }
}

/** Each process's children, and its ticks with its ended children's: /proc read once a sample. */
type ProcessTable = Map<number, { children: number[]; ticks: number }>;

function processTable(): ProcessTable {
  const table: ProcessTable = new Map();
  const entry = (pid: number) => table.get(pid) ?? table.set(pid, { children: [], ticks: 0 }).get(pid)!;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = statOf(Number(name));
      entry(Number(name)).ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
      entry(Number(fields[1])).children.push(Number(name));
    } catch {
      // it ended meanwhile
    }
  }
  return table;
}

function descendantTicks(parent: number, table: ProcessTable): number {
  return (table.get(parent)?.children ?? []).reduce(
    (sum, child) => sum + (table.get(child)?.ticks ?? 0) + descendantTicks(child, table),
    0,
  );
}

export function rssMb(pid: number): number {
  return round2((readProcess(pid)?.rssKb ?? 0) / 1024);
}

/**
 * Samples the processes' CPU and RSS every `intervalMs` until stopped; answers each one's usage.
 * Paused, it counts nothing (the bench pauses it while the ceiling runs between two batches).
 */
export function sampleProcesses(
  processes: Sampled[],
  intervalMs = 500,
): { pause(): void; resume(): void; stop(): ProcessUsage[] } {
  // One list of samples per stretch sampled, per process.
  const stretches = new Map(processes.map(({ name }) => [name, [] as Sample[][]]));
  const take = () => {
    const table = processes.some((p) => p.tree) ? processTable() : undefined;
    for (const { name, pid, tree } of processes) {
      const sample = readProcess(pid, tree ? table : undefined);
      if (sample) stretches.get(name)!.at(-1)!.push(sample);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const resume = () => {
    for (const list of stretches.values()) list.push([]);
    take();
    timer = setInterval(take, intervalMs);
  };
  const pause = () => {
    clearInterval(timer);
    take();
  };
  resume();
  return {
    pause,
    resume,
    stop() {
      pause();
      return processes.map(({ name }) => usageOf(name, stretches.get(name)!));
    },
  };
}

function usageOf(name: string, stretches: Sample[][]): ProcessUsage {
  const sampled = stretches.filter((samples) => samples.length >= 2);
  if (sampled.length === 0)
    return { name, cpuSeconds: 0, cores: 0, rssPeakMb: 0, rssMeanMb: 0, rssLastMb: 0 };
  let cpuSeconds = 0;
  let seconds = 0;
  for (const samples of sampled) {
    cpuSeconds += (samples.at(-1)!.cpuTicks - samples[0].cpuTicks) / ticksPerSecond;
    seconds += (samples.at(-1)!.at - samples[0].at) / 1000;
  }
  const rss = sampled.flat().map((s) => s.rssKb / 1024);
  return {
    name,
    cpuSeconds: round2(cpuSeconds),
    cores: round2(cpuSeconds / Math.max(0.001, seconds)),
    rssPeakMb: round2(Math.max(...rss)),
    rssMeanMb: round2(rss.reduce((a, b) => a + b, 0) / rss.length),
    rssLastMb: round2(rss.at(-1)!),
  };
}
