// The fault suite (issue 6): variations driven through the real stack while it is broken, then
// checked: each ends where it should, nothing lost, nothing doubled, no 5xx. FAULT_SCALE=large
// (`npm run test:faults`) runs more of everything. The figures are printed at the end.
import fc from 'fast-check';
import type { VariationView } from '../../libs/domain/src/variation';
import { type Stack, startStack } from '../support/stack';
import { actOrFail, staffOf, type Staff, submit, until, view } from './client';
import { countEffects, journeysUnderFaults } from './fault-rounds';
import { figures, report } from './figures';
import { floodForgedWebhooks } from './forged-webhooks';
import { credentials, garbageRequests, sendAsIs } from './garbage';
import { inParallel, moveTo, POSTCODES, racedAtBothSteps, setEmsRules, submittedIds } from './journeys';
import { type OpenApiDocument, requestsFrom } from './openapi-fuzz';
import { scale } from './scale';
import { countWorkflowTaskFailures, judgeEmails, judgeEndings, judgeList, judgeRecord } from './verdict';

let stack: Stack;
let staff: Staff;

beforeAll(async () => {
  // Everything here comes from 127.0.0.1: the EMS simulator, the forger and the fuzzer alike, so the
  // per-address limit on the public routes would turn the provider's own webhooks away.
  stack = await startStack({
    ems: 'auto',
    workers: scale.workers,
    apis: scale.apis,
    env: {
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
      ...(process.env.WORKER_MAX_CACHED_WORKFLOWS && {
        WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS,
      }),
    },
  });
  staff = await staffOf(stack);
  await setEmsRules(stack);
}, 120_000);

afterAll(async () => {
  report();
  // The api's own account of any 500, for whoever has to fix it.
  const errors = stack?.output.filter((line) => line.includes('ExceptionsHandler')) ?? [];
  if (errors.length) console.log(`The api's errors behind the 5xx:\n${errors.slice(0, 10).join('\n')}`);
  // And of any variation it could not read (503 VARIATION_UNREADABLE): why the worker could not.
  const unreadable = stack?.output.filter((line) => line.includes('A variation cannot be read')) ?? [];
  if (unreadable.length)
    console.log(`Variations the api could not read:\n${unreadable.slice(0, 10).join('\n')}`);
  await stack?.stop();
}, 60_000);

/** Runs a phase, keeping how long it took for the figures. */
async function timed<T>(phase: string, run: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await run();
  } finally {
    figures.durationsMs[phase] = Date.now() - start;
  }
}

it(
  'every variation ends where its journey leads, once, through kills, restarts and outages',
  () =>
    timed('variations under faults', async () => {
      const settled = await journeysUnderFaults(stack, staff);
      await countEffects(stack);
      const { views, problems } = await judgeEndings(stack, staff, settled);
      problems.push(...(await judgeList(stack, staff, submittedIds)));
      problems.push(...(await judgeEmails(stack, views)));
      problems.push(...(await judgeRecord(stack, submittedIds)));
      await countWorkflowTaskFailures(stack, submittedIds);
      expect(problems).toEqual([]);
      expect(figures.answers.other5xxSeen).toEqual([]);
    }),
  scale.lifecycleTimeoutMs,
);

it(
  'approve races reject on the same step: exactly one wins, the other gets 409',
  () =>
    timed('decision races', async () => {
      const before = submittedIds.length;
      const settled = await inParallel(scale.races, 10, () => racedAtBothSteps(stack, staff));
      const { problems } = await judgeEndings(stack, staff, settled);
      problems.push(...(await judgeRecord(stack, submittedIds.slice(before))));
      expect(problems).toEqual([]);
      expect(figures.races.won200).toBeGreaterThan(0);
    }),
  scale.phaseTimeoutMs,
);

describe('hostile input', () => {
  /** Monitored moves approved and waiting for an EMS confirmation the provider holds back. */
  let waiting: { id: string; reference: string }[];
  const snapshot = (v: VariationView) => ({ status: v.status, ems: v.ems, events: v.timeline.length });

  beforeAll(async () => {
    waiting = await Promise.all(
      [1, 2].map(async () => {
        const id = await submit(stack, staff, moveTo(POSTCODES.heldForHandSentEvents, true));
        await actOrFail(
          stack,
          staff.spo,
          id,
          'triage',
          { decision: 'ACCEPT' },
          (v) => v.decisions.length > 0,
        );
        await actOrFail(
          stack,
          staff.pduHead,
          id,
          'approval',
          { decision: 'APPROVE' },
          (v) => v.decisions.length > 1,
        );
        const { ems } = await until(stack, staff, id, 'the EMS reference', (v) => !!v.ems?.reference);
        return { id, reference: ems!.reference! };
      }),
    );
  }, scale.phaseTimeoutMs);

  it(
    'a flood of forged webhooks: every one 401, and the variations unchanged',
    () =>
      timed('forged webhooks', async () => {
        const before = await Promise.all(waiting.map(({ id }) => view(stack, staff.practitioner, id)));
        expect(await floodForgedWebhooks(stack, waiting, scale.forgedWebhooks)).toEqual([]);
        const after = await Promise.all(waiting.map(({ id }) => view(stack, staff.practitioner, id)));
        expect(after.map(snapshot)).toEqual(before.map(snapshot));
      }),
    scale.phaseTimeoutMs,
  );

  it(
    'garbage requests: never a 5xx',
    () =>
      timed('garbage requests', async () => {
        const authorizations = await credentials(stack);
        const ids = waiting.map(({ id }) => id);
        await fc.assert(
          fc.asyncProperty(
            garbageRequests(ids),
            fc.constantFrom(...authorizations),
            async (request, auth) => {
              figures.faults.garbageRequests += 1;
              expect(await sendAsIs(stack, request, auth)).toBeLessThan(500);
            },
          ),
          { numRuns: scale.garbageRequests },
        );
      }),
    scale.phaseTimeoutMs,
  );

  it(
    'every operation of the OpenAPI document, fuzzed: never a 5xx',
    () =>
      timed('OpenAPI fuzz', async () => {
        const doc = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as OpenApiDocument;
        const authorizations = await credentials(stack);
        const ids = [...waiting.map(({ id }) => id), ...submittedIds.slice(0, 5)];
        await fc.assert(
          fc.asyncProperty(
            requestsFrom(doc, ids),
            fc.constantFrom(...authorizations),
            async (request, auth) => {
              figures.faults.fuzzedRequests += 1;
              expect(await sendAsIs(stack, request, auth)).toBeLessThan(500);
            },
          ),
          { numRuns: scale.fuzzRuns },
        );
      }),
    scale.phaseTimeoutMs,
  );

  afterAll(() => expect(figures.answers.other5xxSeen).toEqual([]));
});
