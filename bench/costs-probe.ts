// The cost breakdown's micro-benchmarks (bench/costs.ts), in a process of its own so that only their
// CPU is counted (not the mail sink's or the EMS stub's): each real code path called over and over
// for at least BENCH_COST_MS of CPU. Run by the bench with the stack's environment (its secrets,
// SMTP sink, record database and nDelius stand-in); writes CPU ms per call by name to BENCH_COSTS_OUT.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { encodeUnifiedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { MockActivityEnvironment } from '@temporalio/testing';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SubmissionPipe } from '../apps/api/src/variations/submission.pipe';
import { EmsProvider } from '../apps/worker/src/ems/ems-provider';
import { Outbox } from '../apps/worker/src/mail/outbox';
import { repoRoot } from '../libs/config/src/paths';
import { PopInformedDto } from '../libs/contracts/src/actions.dto';
import { ApprovalDecisionDto, TriageDecisionDto } from '../libs/contracts/src/decision.dto';
import { EmsWebhookDto } from '../libs/contracts/src/ems-webhook.dto';
import { strictValidation } from '../libs/contracts/src/validation-errors';
import { AddressChecksDto } from '../libs/contracts/src/variation-request.dto';
import type { Message } from '../libs/domain/src/message';
import { noticeContentOf } from '../libs/domain/src/variation';
import { nDeliusClient, type NDeliusConnection } from '../libs/ndelius/src/ndelius-settings';
import { loadReferenceData, Mailer, renderNoticePdf } from '../libs/notifications/src';
import { recordDatabase } from '../libs/record/src/database';
import { VariationRecords } from '../libs/record/src/variation-records';
import { DecisionLinks } from '../libs/security/src/decision-links';
import { TokenVerifier } from '../libs/security/src/token-verifier';
import { EncryptionCodec, parseEncryptionKeys } from '../libs/temporal/src/payload-codec';
import { localToken } from '../scripts/token';
import { DueBy, ServiceLevelDueAt, VariationStatus } from '../workflows/search-attributes';
import { type ProbeInput, VALIDATIONS_PER_LIFECYCLE } from './costs';
import { sampleProcesses } from './metrics';
import { addressChange, addressChecks } from './requests';

const env = process.env;

/**
 * CPU ms of one call, over as many calls as take `budgetMs` of CPU (at least 5), after 3 to warm up;
 * `also` starts counting another process's CPU and answers a reader of it.
 */
async function perCall(budgetMs: number, call: () => unknown, also?: () => () => number): Promise<number> {
  for (let i = 0; i < 3; i++) await call();
  const alsoCpuMs = also?.() ?? (() => 0);
  const start = process.cpuUsage();
  const cpuMs = () => {
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
  let calls = 0;
  while (calls < 5 || cpuMs() < budgetMs) {
    await call();
    calls++;
  }
  return (cpuMs() + alsoCpuMs()) / calls;
}

async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(env.BENCH_COSTS_IN!, 'utf8')) as ProbeInput;
  const { view, costMs } = input;
  const notice = noticeContentOf(view);
  Logger.overrideLogger(false); // the adapters' log lines are not what is measured
  const results: Record<string, number> = {};
  const measure = async (name: string, call: () => unknown, also?: () => () => number) => {
    results[name] = await perCall(costMs, call, also);
  };

  // Encryption: the payload codec, on payloads of the lifecycles' mean sizes.
  const keys = parseEncryptionKeys(env.PAYLOAD_ENCRYPTION_KEYS!);
  const codec = new EncryptionCodec(keys, env.PAYLOAD_ENCRYPTION_KEY_ID!);
  const payloadOf = (bytes: number) => defaultPayloadConverter.toPayload('x'.repeat(Math.max(0, bytes - 2)));
  const plain = payloadOf(input.encodeBytes);
  // An encrypted payload is the plain one's bytes plus about 60 (its encoding, the IV and the tag).
  const encrypted = await codec.encode([payloadOf(input.decodeBytes - 60)]);
  await measure('codec.encode', () => codec.encode([plain]));
  await measure('codec.decode', () => codec.decode(encrypted));

  await measure('pdf', () => renderNoticePdf(notice, 'VARIATION', 'VN-BENCH'));

  // Mail, sent as the worker sends it, inside an activity's context (its Message-ID comes from it).
  const activity = new MockActivityEnvironment({
    workflowExecution: { workflowId: `variation-${view.id}`, runId: randomUUID() },
    activityId: '1',
  });
  const outbox = new Outbox(
    new Mailer(env.SMTP_URL!, env.MAIL_FROM ?? 'Curfew variations <no-reply@curfew-variations.local>'),
    loadReferenceData(env.REFERENCE_DATA_PATH ?? join(repoRoot, 'config', 'reference-data.sample.json')),
    new DecisionLinks(env.DECISION_LINK_SECRET!, '7d'),
    env.PUBLIC_BASE_URL!,
  );
  const { name, email, pduCode } = view.practitioner;
  const message = (about: Message['about'], to: Message['to'], status: string): Message => ({
    variationId: view.id,
    to,
    about,
    pduCode,
    practitioner: { name, email },
    status,
    sequence: 1,
    round: 0,
  });
  // One with a decision link, one without, in turn.
  const messages = [
    message('DECISION_NEEDED', 'SPO', 'AWAITING_TRIAGE'),
    message('READY_TO_TELL_POP', 'PRACTITIONER', 'AWAITING_POP_INFORMED'),
  ];
  let sent = 0;
  await measure('mail.message', () => activity.run(() => outbox.sendMessage(messages[sent++ % 2])));
  // The notice's PDF is rendered by the first call and kept for the rest, as for its second copy.
  await measure('mail.notice', () => activity.run(() => outbox.sendNotice(notice, 'COURT', 'VARIATION')));

  const ems = new EmsProvider(env.EMS_API_URL!, env.EMS_API_TOKEN!);
  await measure('ems', () => activity.run(() => ems.sendNotice(notice, 'VARIATION')));

  // Record writes, with the CPU of the record's PostgreSQL while they ran.
  const db = recordDatabase(env.DATABASE_URL!);
  const records = new VariationRecords(db, keys, env.PAYLOAD_ENCRYPTION_KEY_ID!);
  const postgresCpuMs = () => {
    const sampler = sampleProcesses([{ name: 'postgres', pid: input.postgresPid, tree: true }], 60_000);
    return () => sampler.stop()[0].cpuSeconds * 1000;
  };
  const published = { ...view, id: randomUUID(), status: 'AWAITING_POP_INFORMED' as const };
  let version = 1;
  await measure(
    'record.publish',
    () =>
      records.publish([{ view: published, version: version++, crnDigest: 'bench', orderDigest: 'bench' }]),
    postgresCpuMs,
  );
  await measure(
    'record.claim',
    () =>
      records.claim({
        view: { ...view, id: randomUUID(), status: 'AWAITING_CHECKS' },
        version: 0,
        crnDigest: 'bench',
        orderDigest: randomUUID(),
      }),
    postgresCpuMs,
  );
  await db.destroy();

  // One upsert's attributes as the workflow writes them (the SDK encodes them in the workflow).
  const now = new Date();
  await measure('searchAttributes', () =>
    encodeUnifiedSearchAttributes(undefined, [
      { key: VariationStatus, value: 'AWAITING_TRIAGE' },
      { key: DueBy, value: now },
      { key: ServiceLevelDueAt, value: now },
    ]),
  );

  // A lifecycle's bodies, each through the api's own pipe: the submission, four actions, and the
  // EMS provider's two webhooks (parsed and validated as its controller does). Per body.
  const submission = new SubmissionPipe();
  const pipe = strictValidation();
  const body = (metatype: new () => object, value: object) =>
    pipe.transform(value, { type: 'body', metatype });
  const webhook = (data: object) =>
    validate(plainToInstance(EmsWebhookDto, JSON.parse(JSON.stringify(data)) as object), {
      whitelist: true,
      forbidNonWhitelisted: false,
    });
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const [submitted, checks] = [addressChange(1), addressChecks()];
  await measure('validation', async () => {
    await submission.transform(submitted, { type: 'body' });
    await body(AddressChecksDto, checks);
    await body(TriageDecisionDto, { decision: 'ACCEPT' });
    await body(ApprovalDecisionDto, { decision: 'APPROVE' });
    await body(PopInformedDto, { informedAt: occurredAt, method: 'PHONE' });
    await webhook({
      type: 'variation.confirmed',
      data: { variationId: view.id, reference: 'EMS-1', occurredAt },
    });
    await webhook({
      type: 'visit.completed',
      data: { variationId: view.id, outcome: 'INSTALLED', occurredAt },
    });
  });
  results.validation /= VALIDATIONS_PER_LIFECYCLE;

  const verifier = new TokenVerifier({ AUTH_JWT_SECRET: env.AUTH_JWT_SECRET });
  const token = await localToken(env.AUTH_JWT_SECRET!, { role: 'practitioner', user: 'alex.smith' });
  await measure('auth', () => verifier.verify(token));

  // nDelius, through the real client to the stack's stand-in (a made-up person for a test CRN).
  const nDelius = nDeliusClient((key) => env[key] as NDeliusConnection[typeof key]);
  const crn = 'T000001';
  await measure('ndelius.caseOf', () => nDelius.caseOf(crn));
  await measure('ndelius.accessOf', () => nDelius.accessOf('alex.smith', crn));
  const contact = { variationId: view.id, crn, informedAt: occurredAt, method: 'PHONE', by: 'alex.smith' };
  await measure('ndelius.recordContact', () => nDelius.recordContact(contact, randomUUID()));

  writeFileSync(env.BENCH_COSTS_OUT!, JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error((error as Error).stack ?? error);
    process.exit(1);
  },
);
