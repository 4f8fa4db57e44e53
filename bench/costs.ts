// What a lifecycle's costly parts cost, item by item, in CPU ms per lifecycle (issue 24): how often a
// real lifecycle calls each (counted in the api and the workers by count-calls.ts while the first
// batch ran, or stated where the bench knows it), times the CPU of one call, measured on the real code
// path in a process of its own (costs-probe.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VariationView } from '../libs/domain/src/variation';
import { round2 } from './metrics';
import type { Stack } from './stack';

/** What costs-probe.ts is given. */
export interface ProbeInput {
  /** A completed lifecycle's view: what the notices, mails and record entries are made from. */
  view: VariationView;
  /** Mean bytes of a payload the codec encodes, and of one it decodes, in the lifecycles. */
  encodeBytes: number;
  decodeBytes: number;
  /** The record's PostgreSQL: its CPU is part of a write's. */
  postgresPid: number;
  costMs: number;
}

/** The bodies a lifecycle's requests carry, each validated by the api: the submission, 4 actions, 2 webhooks. */
export const VALIDATIONS_PER_LIFECYCLE = 7;

export interface CostItem {
  item: string;
  /** Calls per lifecycle, and where that number comes from. */
  calls: number;
  counted: string;
  cpuMsPerLifecycle: number;
}

export interface CostBreakdown {
  /** The lifecycles the calls were counted over. */
  lifecycles: number;
  /** CPU each micro-benchmark ran for, at least. */
  costMs: number;
  items: CostItem[];
  totalMs: number;
}

/** What the api and the workers have counted so far, summed. */
/** Every app has written its counts since `moment` (each writes a few times a second). */
export function countsWrittenSince(dir: string, moment: number): boolean {
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  return files.length > 0 && files.every((file) => statSync(join(dir, file)).mtimeMs > moment);
}

export function readCounts(dir: string): Record<string, number> {
  const total: Record<string, number> = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const counts = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, number>;
    for (const [name, value] of Object.entries(counts)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
}

export async function costBreakdown(
  stack: Stack,
  options: {
    /** Counts over `lifecycles` (readCounts after, less before). */
    counts: Record<string, number>;
    lifecycles: number;
    /** A completed lifecycle's view, and its search-attribute upserts. */
    view: VariationView;
    upserts: number;
    costMs: number;
  },
): Promise<CostBreakdown> {
  const { counts, lifecycles, costMs } = options;
  const per = (...names: string[]) => names.reduce((sum, name) => sum + (counts[name] ?? 0), 0) / lifecycles;
  const mean = (name: string) =>
    (counts[`${name}.bytes`] ?? 0) / Math.max(1, counts[`${name}.payloads`] ?? 0);
  const ms = await probe(stack, {
    view: options.view,
    encodeBytes: Math.round(mean('codec.encode')),
    decodeBytes: Math.round(mean('codec.decode')),
    postgresPid: stack.postgresPid,
    costMs,
  });
  /** Calls per lifecycle of each name, times its CPU per call. */
  const cost = (names: string[]) => names.reduce((sum, name) => sum + per(name) * ms[name], 0);
  const counted = (item: string, names: string[], probes = names) => ({
    item,
    calls: per(...names),
    counted: 'counted',
    cpuMsPerLifecycle: cost(probes),
  });
  const encode = per('codec.encode.payloads');
  const decode = per('codec.decode.payloads');
  const searchAttributes = options.upserts + 1;
  const items: CostItem[] = [
    {
      item: 'encryption (payload codec, encode and decode)',
      calls: encode + decode,
      counted: `counted: payloads, ${round2(encode)} encoded and ${round2(decode)} decoded (mean ${Math.round(mean('codec.encode'))} and ${Math.round(mean('codec.decode'))} bytes)`,
      cpuMsPerLifecycle: encode * ms['codec.encode'] + decode * ms['codec.decode'],
    },
    counted('PDF rendering (Variation Notice)', ['pdf']),
    {
      ...counted('mail (rendering and sending to the mail sink)', ['mail.message', 'mail.notice']),
      counted: `counted: ${round2(per('mail.message'))} messages, ${round2(per('mail.notice'))} notices with the PDF attached`,
    },
    counted('EMS call', ['ems']),
    {
      ...counted('record writes', ['record.publish', 'record.claim']),
      counted: `counted: ${round2(per('record.publish'))} publications, ${round2(per('record.claim'))} claims; with PostgreSQL's CPU`,
    },
    {
      item: 'search attributes (encoding; the server indexes them in its share)',
      calls: searchAttributes,
      counted: 'from the history: its upserts, and the start',
      cpuMsPerLifecycle: searchAttributes * ms.searchAttributes,
    },
    {
      item: 'validation (class-validator)',
      calls: VALIDATIONS_PER_LIFECYCLE,
      counted: 'stated: the submission, 4 actions, 2 EMS webhooks',
      cpuMsPerLifecycle: VALIDATIONS_PER_LIFECYCLE * ms.validation,
    },
    counted('auth (JWT verify)', ['auth']),
    {
      ...counted('nDelius calls', ['ndelius.caseOf', 'ndelius.accessOf', 'ndelius.recordContact']),
      counted: `counted: ${['caseOf', 'accessOf', 'recordContact'].map((name) => `${round2(per(`ndelius.${name}`))} ${name}`).join(', ')}`,
    },
  ].map((item) => ({
    ...item,
    calls: round2(item.calls),
    cpuMsPerLifecycle: round2(item.cpuMsPerLifecycle),
  }));
  return {
    lifecycles,
    costMs,
    items,
    totalMs: round2(items.reduce((sum, item) => sum + item.cpuMsPerLifecycle, 0)),
  };
}

/** Runs costs-probe.ts with the stack's environment, the EMS provider a stub here; its ms per call. */
async function probe(stack: Stack, input: ProbeInput): Promise<Record<string, number>> {
  const ems = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ reference: 'EMS-BENCH' }));
    });
  });
  await new Promise<void>((resolve) => ems.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'bench-costs-'));
  const [inFile, outFile] = [join(dir, 'in.json'), join(dir, 'out.json')];
  writeFileSync(inFile, JSON.stringify(input));
  try {
    const child = stack.spawn('costs', [join(__dirname, 'costs-probe.js')], {
      BENCH_COSTS_IN: inFile,
      BENCH_COSTS_OUT: outFile,
      EMS_API_URL: `http://127.0.0.1:${(ems.address() as AddressInfo).port}`,
    });
    const code = await child.exited;
    if (code !== 0 || !existsSync(outFile))
      throw new Error(`the cost probe exited with ${code}:\n${stack.lastLines('costs').join('\n')}`);
    return JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, number>;
  } finally {
    await new Promise((resolve) => ems.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
