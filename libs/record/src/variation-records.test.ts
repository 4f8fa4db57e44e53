// The record on a real PostgreSQL: a later version is never replaced by an earlier one, and what it
// keeps of a person is ciphertext under the payload key ring.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { VariationView } from '../../domain/src/variation';
import type { LocalPostgres } from '../../../scripts/local-postgres';
import { startTestPostgres } from '../../../test/support/postgres';
import { timesChange } from '../../contracts/src/sample-requests';
import { recordDatabase } from './database';
import { migrateRecord } from './migrate';
import { VariationRecords } from './variation-records';

let postgres: LocalPostgres;
let db: ReturnType<typeof recordDatabase>;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);

beforeAll(async () => {
  postgres = await startTestPostgres();
  db = recordDatabase(await postgres.urlOf('variation_records_test'));
  await migrateRecord(db);
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await postgres?.discard();
});

function view(status: VariationView['status'] = 'AWAITING_TRIAGE'): VariationView {
  return {
    ...timesChange(),
    id: randomUUID(),
    status,
    route: 'ADMINISTRATIVE',
    decisions: [],
    notices: [],
    ems: null,
    court: null,
    refusal: null,
    dueBy: null,
    timeline: [{ at: '2026-12-01T10:00:00.000Z', event: 'SUBMITTED', by: 'alex.smith' }],
  };
}

it('keeps the latest version: an earlier write arriving late changes nothing, the same one again neither', async () => {
  const records = new VariationRecords(db, new Map([['k1', oldKey]]), 'k1');
  const submitted = view();
  const approved = { ...submitted, status: 'AWAITING_APPROVAL' as const };
  await records.publish([{ view: approved, version: 3, crnDigest: 'digest' }]);
  await records.publish([{ view: submitted, version: 2, crnDigest: 'digest' }]);
  await records.publish([{ view: approved, version: 3, crnDigest: 'digest' }]);

  expect((await records.find(submitted.id))?.view.status).toBe('AWAITING_APPROVAL');
  const row = await db
    .selectFrom('variations')
    .selectAll()
    .where('id', '=', submitted.id)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    version: 3,
    status: 'AWAITING_APPROVAL',
    open: true,
    pdu_code: 'N07CEN',
    key_id: 'k1',
  });
  expect(await records.find(randomUUID())).toBeUndefined();
});

it('closes a variation that ended, at its last event', async () => {
  const records = new VariationRecords(db, new Map([['k1', oldKey]]), 'k1');
  const ended = view('COMPLETED');
  ended.timeline.push({ at: '2026-12-02T09:00:00.000Z', event: 'COMPLETED', by: null });
  await records.publish([{ view: ended, version: 9, crnDigest: 'digest' }]);
  const row = await db
    .selectFrom('variations')
    .selectAll()
    .where('id', '=', ended.id)
    .executeTakeFirstOrThrow();
  expect(row.open).toBe(false);
  expect(row.closed_at?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
});

it('keeps no personal data in plaintext, and reads records written under an earlier key after rotation', async () => {
  const before = new VariationRecords(db, new Map([['k1', oldKey]]), 'k1');
  const written = view();
  await before.publish([{ view: written, version: 2, crnDigest: 'digest' }]);

  // The whole table as text, as a dump would hold it.
  const dump = (await sql<{ line: string }>`SELECT v::text AS line FROM variations v`.execute(db)).rows
    .map((row) => row.line)
    .join('\n');
  for (const personal of ['X123456', 'Sam', 'Jones', '1990-04-01', '1 High Street', 'LS1 1AA', 'alex.smith'])
    expect(dump).not.toContain(personal);

  const after = new VariationRecords(
    db,
    new Map([
      ['k1', oldKey],
      ['k2', newKey],
    ]),
    'k2',
  );
  expect((await after.find(written.id))?.view.person).toEqual(written.person);
});

it('writes many at once, and times each step that has ended once, in working days (R16)', async () => {
  const records = new VariationRecords(db, new Map([['k1', oldKey]]), 'k1');
  const triaged = view('AWAITING_APPROVAL');
  // Tuesday 1 December to Thursday 3 December 2026: two working days.
  triaged.timeline.push({ at: '2026-12-03T11:00:00.000Z', event: 'TRIAGE_ACCEPT', by: 'sam.spo' });
  const visited = view('AWAITING_POP_INFORMED');
  visited.timeline.push(
    { at: '2026-12-01T11:00:00.000Z', event: 'EMS_CONFIRMED', by: null },
    { at: '2026-12-02T11:00:00.000Z', event: 'EMS_VISIT_COMPLETED', by: null, note: 'NO_ACCESS' },
    { at: '2026-12-02T12:00:00.000Z', event: 'EMS_VISIT_REBOOKED', by: 'alex.smith' },
    { at: '2026-12-07T12:00:00.000Z', event: 'EMS_VISIT_COMPLETED', by: null, note: 'INSTALLED' },
  );
  await records.publish([
    { view: triaged, version: 4, crnDigest: 'digest' },
    { view: visited, version: 6, crnDigest: 'digest' },
  ]);
  // The same again, as a retried write would: no second row for any step.
  await records.publish([{ view: visited, version: 6, crnDigest: 'digest' }]);

  const steps = await db
    .selectFrom('variation_steps')
    .select(['variation_id', 'step', 'round', 'working_days', 'submitted_on'])
    .where('variation_id', 'in', [triaged.id, visited.id])
    .orderBy('variation_id')
    .orderBy('step')
    .orderBy('round')
    .execute();
  expect(steps.filter((s) => s.variation_id === triaged.id)).toEqual([
    { variation_id: triaged.id, step: 'TRIAGE', round: 1, working_days: 2, submitted_on: '2026-12-01' },
  ]);
  expect(
    steps.filter((s) => s.variation_id === visited.id).map((s) => [s.step, s.round, s.working_days]),
  ).toEqual([
    ['EMS_VISIT', 1, 1],
    ['EMS_VISIT', 2, 3],
  ]);
  const row = await db
    .selectFrom('variations')
    .select(['visit_outcomes', 'submitted_on'])
    .where('id', '=', visited.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ visit_outcomes: ['NO_ACCESS', 'INSTALLED'], submitted_on: '2026-12-01' });
});

describe("an order's claim and versions (R18)", () => {
  const records = () => new VariationRecords(db, new Map([['k1', oldKey]]), 'k1');
  const claimFor = (submitted: VariationView, orderDigest: string) => ({
    view: submitted,
    version: 0 as const,
    crnDigest: 'digest',
    orderDigest,
  });

  it('lets one open variation hold an order: a second is told which; the same one again keeps it', async () => {
    const order = randomUUID();
    const first = view();
    const second = view();
    expect(await records().openVariationOf(order)).toBeUndefined();
    expect(await records().claim(claimFor(first, order))).toEqual({ claimed: true });
    expect(await records().claim(claimFor(first, order))).toEqual({ claimed: true });
    expect(await records().openVariationOf(order)).toBe(first.id);
    expect(await records().claim(claimFor(second, order))).toMatchObject({
      claimed: false,
      heldBy: { id: first.id, version: 0 },
    });
    // The workflow's first publication replaces the claim and keeps the order.
    await records().publish([{ view: first, version: 1, crnDigest: 'digest', orderDigest: order }]);
    expect(await records().claim(claimFor(second, order))).toMatchObject({
      heldBy: { id: first.id, version: 1 },
    });
    // Once it has ended, the order is free.
    await records().publish([{ view: { ...first, status: 'WITHDRAWN' }, version: 2, crnDigest: 'digest' }]);
    expect(await records().claim(claimFor(second, order))).toEqual({ claimed: true });
  });

  it('frees an order from a claim whose workflow never started, but never from one that published', async () => {
    const order = randomUUID();
    const stranded = view();
    await records().claim(claimFor(stranded, order));
    expect(await records().releaseClaim(stranded.id)).toBe(true);
    expect(await records().find(stranded.id)).toBeUndefined();

    const started = view();
    await records().claim(claimFor(started, order));
    await records().publish([{ view: started, version: 1, crnDigest: 'digest', orderDigest: order }]);
    expect(await records().releaseClaim(started.id)).toBe(false);
    expect((await records().find(started.id))?.open).toBe(true);
  });

  it('takes twenty claims at once for one order: exactly one holds it', async () => {
    const order = randomUUID();
    const claims = await Promise.all(
      Array.from({ length: 20 }, () => records().claim(claimFor(view(), order))),
    );
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
  });

  it("keeps each completed variation as the order's version: the curfew before and after, encrypted", async () => {
    const order = randomUUID();
    expect(await records().lastVersionOf(order)).toBeUndefined();
    const completed = view('COMPLETED');
    completed.timeline.push({ at: '2026-12-02T09:00:00.000Z', event: 'POP_INFORMED', by: 'alex.smith' });
    await records().publish([{ view: completed, version: 9, crnDigest: 'digest', orderDigest: order }]);
    await records().publish([{ view: completed, version: 9, crnDigest: 'digest', orderDigest: order }]);

    const last = await records().lastVersionOf(order);
    expect(last).toEqual({
      variationId: completed.id,
      completedAt: '2026-12-02T09:00:00.000Z',
      effectiveFrom: completed.change.effectiveFrom,
      before: completed.curfew,
      after: { ...completed.curfew, periods: completed.change.periods },
    });
    const { curfews } = await db
      .selectFrom('order_versions')
      .select('curfews')
      .where('variation_id', '=', completed.id)
      .executeTakeFirstOrThrow();
    expect(curfews.toString('latin1')).not.toContain('High Street');
    expect(curfews.toString('latin1')).not.toContain('19:00');
  });
});
