// Management information counted by the record's PostgreSQL: known figures over known data, and the
// same figures as the in-memory count it replaced (test/support/mi-reference.ts) over any variations.
// November 2026 has no bank holiday.
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ukDateOf } from '../../domain/src/dates';
import { STATUSES, type Status, type TimelineEvent, type VariationView } from '../../domain/src/variation';
import { timesChange } from '../../contracts/src/sample-requests';
import type { LocalPostgres } from '../../../scripts/local-postgres';
import { summarise } from '../../../test/support/mi-reference';
import { startTestPostgres } from '../../../test/support/postgres';
import { recordDatabase } from './database';
import { ManagementInformation, type MiFilters, percentile } from './management-information';
import { migrateRecord } from './migrate';
import { VariationRecords } from './variation-records';

let postgres: LocalPostgres;
let db: ReturnType<typeof recordDatabase>;
let records: VariationRecords;
let mi: ManagementInformation;

beforeAll(async () => {
  postgres = await startTestPostgres();
  db = recordDatabase(await postgres.urlOf('management_information_test'));
  await migrateRecord(db);
  records = new VariationRecords(db, new Map([['k1', randomBytes(32)]]), 'k1');
  mi = new ManagementInformation(db);
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await postgres?.discard();
});

/** The record holds exactly these variations. */
async function recordOnly(views: VariationView[]): Promise<void> {
  await db.deleteFrom('variations').execute();
  if (views.length > 0)
    await records.publish(views.map((view) => ({ view, version: 1, crnDigest: 'digest' })));
}

function variation(
  pduCode: string,
  status: Status,
  events: [string, string, string?][],
  dueBy: string | null = null,
  route: VariationView['route'] = 'ADMINISTRATIVE',
): VariationView {
  const request = timesChange();
  const timeline: TimelineEvent[] = events.map(([event, at, note]) => ({
    event,
    at,
    by: null,
    ...(note ? { note } : {}),
  }));
  return {
    ...request,
    practitioner: { ...request.practitioner, pduCode },
    id: randomUUID(),
    status,
    route,
    decisions: [],
    notices: [],
    ems: null,
    court: null,
    refusal: null,
    dueBy,
    timeline,
  };
}

describe('over known variations', () => {
  const views = [
    // Triage 1 day, approval 2, PoP told 2 after the notices (Fri, Mon), 5 in all.
    variation('N07CEN', 'COMPLETED', [
      ['SUBMITTED', '2026-11-02T10:00:00Z'],
      ['TRIAGE_ACCEPT', '2026-11-03T10:00:00Z'],
      ['APPROVAL_APPROVE', '2026-11-05T10:00:00Z'],
      ['NOTICE_SENT', '2026-11-05T10:01:00Z', 'COURT'],
      ['POP_INFORMED', '2026-11-09T10:00:00Z', 'IN_PERSON'],
      ['COMPLETED', '2026-11-09T10:00:05Z'],
    ]),
    // Triaged twice: returned after 2 days (Mon, Tue), accepted 5 days after the amendment.
    variation(
      'N07CEN',
      'AWAITING_APPROVAL',
      [
        ['SUBMITTED', '2026-11-06T10:00:00Z'],
        ['TRIAGE_RETURN', '2026-11-10T10:00:00Z'],
        ['AMENDED', '2026-11-11T10:00:00Z'],
        ['TRIAGE_ACCEPT', '2026-11-18T10:00:00Z'],
      ],
      '2026-11-20',
    ),
    // Rejected the same day: 0 working days.
    variation('N07CEN', 'REJECTED', [
      ['SUBMITTED', '2026-11-16T09:00:00Z'],
      ['TRIAGE_REJECT', '2026-11-16T15:00:00Z'],
      ['REJECTED', '2026-11-16T15:00:01Z'],
    ]),
    // Monitored: confirmed in 1 day; the first visit finds no one in after 2, the rebooked one installs after 3.
    variation(
      'N07SHF',
      'AWAITING_POP_INFORMED',
      [
        ['SUBMITTED', '2026-10-30T09:00:00Z'],
        ['TRIAGE_ACCEPT', '2026-10-30T11:00:00Z'],
        ['APPROVAL_APPROVE', '2026-11-02T10:00:00Z'],
        ['EMS_CONFIRMED', '2026-11-03T10:00:00Z', 'EMS reference EMS-1'],
        ['EMS_VISIT_COMPLETED', '2026-11-05T10:00:00Z', 'NO_ACCESS'],
        ['EMS_VISIT_REBOOKED', '2026-11-05T11:00:00Z'],
        ['EMS_VISIT_COMPLETED', '2026-11-10T10:00:00Z', 'INSTALLED'],
      ],
      '2026-11-30',
    ),
  ];
  const summaryOf = (filters: MiFilters = {}) =>
    mi.summary(filters, new Date('2026-11-23T12:00:00Z'), '2026-11-23');

  beforeAll(() => recordOnly(views));

  it('counts by status and route, per PDU, and by month of submission', async () => {
    const summary = await summaryOf();
    expect(summary.total).toBe(4);
    expect(summary.pdus).toEqual([
      {
        pduCode: 'N07CEN',
        total: 3,
        byStatus: { COMPLETED: 1, AWAITING_APPROVAL: 1, REJECTED: 1 },
        byRoute: { ADMINISTRATIVE: 3 },
      },
      {
        pduCode: 'N07SHF',
        total: 1,
        byStatus: { AWAITING_POP_INFORMED: 1 },
        byRoute: { ADMINISTRATIVE: 1 },
      },
    ]);
    expect(summary.months).toEqual([
      { month: '2026-10', submitted: 1 },
      { month: '2026-11', submitted: 3 },
    ]);
  });

  it('times each step in working days: median and 90th percentile', async () => {
    const { steps } = await summaryOf();
    const step = (name: string) => steps.find((s) => s.step === name);
    // Triage took 1, 2, 5, 0 and 0 days: sorted 0 0 1 2 5.
    expect(step('TRIAGE')).toEqual({ step: 'TRIAGE', count: 5, medianWorkingDays: 1, p90WorkingDays: 3.8 });
    expect(step('APPROVAL')).toEqual({
      step: 'APPROVAL',
      count: 2,
      medianWorkingDays: 1.5,
      p90WorkingDays: 1.9,
    });
    expect(step('EMS_CONFIRMATION')).toMatchObject({ count: 1, medianWorkingDays: 1, p90WorkingDays: 1 });
    expect(step('EMS_VISIT')).toMatchObject({ count: 2, medianWorkingDays: 2.5, p90WorkingDays: 2.9 });
    expect(step('POP_INFORMED')).toMatchObject({ count: 1, medianWorkingDays: 2 });
    expect(step('SUBMISSION_TO_COMPLETION')).toMatchObject({ count: 1, medianWorkingDays: 5 });
    expect(step('COURT_DECISION')).toEqual({
      step: 'COURT_DECISION',
      count: 0,
      medianWorkingDays: null,
      p90WorkingDays: null,
    });
  });

  it('lists the steps past their due date, and every EMS visit outcome', async () => {
    const summary = await summaryOf();
    expect(summary.overdue).toEqual([{ pduCode: 'N07CEN', status: 'AWAITING_APPROVAL', count: 1 }]);
    expect(summary.emsVisitOutcomes).toEqual({
      INSTALLED: 1,
      NO_ACCESS: 1,
      ADDRESS_UNSUITABLE: 0,
      TECHNICAL_FAILURE: 0,
    });
  });

  it('counts only what was submitted in the dates and the PDU asked for', async () => {
    const november = await summaryOf({ from: '2026-11-01', to: '2026-11-30' });
    expect(november.total).toBe(3);
    const sheffield = await summaryOf({ pduCode: 'N07SHF' });
    expect(sheffield.total).toBe(1);
    expect(sheffield.steps.find((s) => s.step === 'EMS_VISIT')).toMatchObject({ count: 2 });
    expect((await summaryOf({ to: '2026-10-29' })).total).toBe(0);
  });
});

it('interpolates percentiles between ranks', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((days) => ({ days, count: 1 }));
  expect(percentile(oneToTen, 10, 50)).toBe(5.5);
  expect(percentile(oneToTen, 10, 90)).toBe(9.1);
  expect(percentile([{ days: 4, count: 1 }], 1, 90)).toBe(4);
  expect(
    percentile(
      [
        { days: 0, count: 3 },
        { days: 7, count: 1 },
      ],
      4,
      90,
    ),
  ).toBe(4.9);
  expect(percentile([], 0, 50)).toBeNull();
});

// Events that start or end a step, and visits with their outcomes, in any order.
const EVENTS = [
  'CHECKS_RECORDED',
  'AMENDED',
  'TRIAGE_ACCEPT',
  'TRIAGE_RETURN',
  'TRIAGE_REJECT',
  'APPROVAL_APPROVE',
  'APPROVAL_RETURN',
  'APPROVAL_REJECT',
  'NOTICE_SENT',
  'EMS_CONFIRMED',
  'EMS_REJECTED',
  'EMS_VISIT_REBOOKED',
  'EMS_VISIT_COMPLETED',
  'POP_INFORMED',
  'COURT_APPLICATION_LODGED',
  'COURT_GRANTED',
  'COURT_REFUSED',
  'COMPLETED',
];
const NOTES = [undefined, 'INSTALLED', 'NO_ACCESS', 'ADDRESS_UNSUITABLE', 'TECHNICAL_FAILURE', 'COURT'];
const anyDate = (from: string, days: number) =>
  fc
    .integer({ min: 0, max: days })
    .map((d) => new Date(Date.parse(from) + d * 86_400_000).toISOString().slice(0, 10));

const anyVariation = fc
  .record({
    pduCode: fc.constantFrom('N07CEN', 'N07SHF', 'N54NTH'),
    status: fc.constantFrom(...STATUSES),
    route: fc.constantFrom('ADMINISTRATIVE' as const, 'COURT' as const),
    dueBy: fc.option(anyDate('2026-03-01', 60), { nil: null }),
    // Around the clocks going forward (29 March 2026), where a UTC time and its UK date differ.
    submittedAt: fc.integer({
      min: Date.parse('2026-03-20T00:00:00Z'),
      max: Date.parse('2026-04-10T00:00:00Z'),
    }),
    steps: fc.array(
      fc.record({
        event: fc.constantFrom(...EVENTS),
        note: fc.constantFrom(...NOTES),
        afterMinutes: fc.integer({ min: 0, max: 6 * 24 * 60 }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ pduCode, status, route, dueBy, submittedAt, steps }) => {
    let at = submittedAt;
    const events: [string, string, string?][] = [['SUBMITTED', new Date(at).toISOString()]];
    for (const { event, note, afterMinutes } of steps) {
      at += afterMinutes * 60_000;
      events.push([event, new Date(at).toISOString(), note]);
    }
    return variation(pduCode, status, events, dueBy, route);
  });

it('gives the same figures as the in-memory count it replaced, over any variations and filters', async () => {
  const now = new Date('2026-04-01T12:00:00Z');
  const today = ukDateOf(now.toISOString())!;
  await fc.assert(
    fc.asyncProperty(
      fc.array(anyVariation, { maxLength: 25 }),
      fc.record({
        from: fc.option(anyDate('2026-03-18', 25), { nil: undefined }),
        to: fc.option(anyDate('2026-03-25', 25), { nil: undefined }),
        pduCode: fc.option(fc.constantFrom('N07CEN', 'N07SHF'), { nil: undefined }),
      }),
      async (views, filters) => {
        await recordOnly(views);
        const submitted = (view: VariationView) => ukDateOf(view.timeline[0].at)!;
        const chosen = views.filter(
          (view) =>
            (!filters.from || submitted(view) >= filters.from) &&
            (!filters.to || submitted(view) <= filters.to) &&
            (!filters.pduCode || view.practitioner.pduCode === filters.pduCode),
        );
        const { months, ...counted } = await mi.summary(filters, now, today);
        expect(counted).toEqual(summarise(chosen, now));
        expect(months.reduce((sum, month) => sum + month.submitted, 0)).toBe(chosen.length);
      },
    ),
    { numRuns: 100 },
  );
}, 60_000);
