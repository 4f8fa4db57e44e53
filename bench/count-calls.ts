// Preloaded into the bench's api and workers (node --require, bench/stack.ts): counts each call of what
// the cost breakdown measures (bench/costs.ts), so its counts come from real lifecycles. Written to
// BENCH_COUNTS_FILE a few times a second and at exit. A counter per call: nothing that shows in CPU.
import { renameSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const counts: Record<string, number> = {};
const add = (name: string, by = 1) => (counts[name] = (counts[name] ?? 0) + by);

type Method = (...args: unknown[]) => unknown;

/** Counts each call of `target[method]` under `name` (and what `also` adds), then makes it. */
function count(target: object, method: string, name: string, also?: (args: unknown[]) => void): void {
  const methods = target as Record<string, Method>;
  const original = methods[method];
  methods[method] = function (this: unknown, ...args: unknown[]) {
    add(name);
    also?.(args);
    return original.apply(this, args);
  };
}

/** Payloads rather than calls, and their bytes, for a payload of the mean size in the micro-benchmark. */
const payloads = (name: string) => (args: unknown[]) => {
  const list = args[0] as { data?: Uint8Array | null }[];
  add(`${name}.payloads`, list.length);
  add(
    `${name}.bytes`,
    list.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0),
  );
};

/* eslint-disable @typescript-eslint/no-require-imports -- loaded here, before the app, to be wrapped */
const { EncryptionCodec } = require('../libs/temporal/src/payload-codec');
count(EncryptionCodec.prototype, 'encode', 'codec.encode', payloads('codec.encode'));
count(EncryptionCodec.prototype, 'decode', 'codec.decode', payloads('codec.decode'));
const { VariationRecords } = require('../libs/record/src/variation-records');
count(VariationRecords.prototype, 'publish', 'record.publish');
count(VariationRecords.prototype, 'claim', 'record.claim');
const { NDeliusClient } = require('../libs/ndelius/src/ndelius-client');
for (const method of ['caseOf', 'accessOf', 'recordContact'])
  count(NDeliusClient.prototype, method, `ndelius.${method}`);

// Each app loads only what it uses: the api's RSS stays the api's.
if (process.argv[1]?.includes(`apps/worker`)) {
  count(require('../libs/notifications/src/variation-notice'), 'renderNoticePdf', 'pdf');
  const { Outbox } = require('../apps/worker/src/mail/outbox');
  count(Outbox.prototype, 'sendMessage', 'mail.message');
  count(Outbox.prototype, 'sendNotice', 'mail.notice');
  const { EmsProvider } = require('../apps/worker/src/ems/ems-provider');
  count(EmsProvider.prototype, 'sendNotice', 'ems');
  count(EmsProvider.prototype, 'requestVisit', 'ems');
} else {
  const { TokenVerifier } = require('../libs/security/src/token-verifier');
  count(TokenVerifier.prototype, 'verify', 'auth');
}
/* eslint-enable @typescript-eslint/no-require-imports */

const file = process.env.BENCH_COUNTS_FILE;
// Written even when unchanged: a file written after a moment holds every call made before it.
const write = (path: string) => {
  // Whole or not at all, for the bench reading it meanwhile.
  writeFileSync(`${path}.part`, JSON.stringify(counts));
  renameSync(`${path}.part`, path);
};
// The worker's workflow threads inherit --require too; what they count is nothing measured here, and
// their writes would overwrite the main thread's file.
if (file && isMainThread) {
  setInterval(() => write(file), 250).unref();
  process.on('exit', () => write(file));
}
