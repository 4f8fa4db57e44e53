// GET /mi/summary's figures over known data: counts, step times in working days (median and 90th
// percentile), overdue steps and EMS visit outcomes. November 2026 has no bank holiday.
import type { Status, TimelineEvent, VariationView } from '../../../../libs/domain/src/variation';
import { percentile, stepDurations, summarise } from './mi-summary';

function variation(
  pduCode: string,
  status: Status,
  events: [string, string, string?][],
  dueBy: string | null = null,
): VariationView {
  const timeline: TimelineEvent[] = events.map(([event, at, note]) => ({
    event,
    at,
    by: null,
    ...(note ? { note } : {}),
  }));
  return {
    practitioner: { pduCode },
    status,
    route: 'ADMINISTRATIVE',
    dueBy,
    timeline,
  } as unknown as VariationView;
}

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

const summary = summarise(views, new Date('2026-11-23T12:00:00Z'));
const step = (name: string) => summary.steps.find((s) => s.step === name);

it('counts by status and route, per PDU', () => {
  expect(summary.total).toBe(4);
  expect(summary.pdus).toEqual([
    {
      pduCode: 'N07CEN',
      total: 3,
      byStatus: { COMPLETED: 1, AWAITING_APPROVAL: 1, REJECTED: 1 },
      byRoute: { ADMINISTRATIVE: 3 },
    },
    { pduCode: 'N07SHF', total: 1, byStatus: { AWAITING_POP_INFORMED: 1 }, byRoute: { ADMINISTRATIVE: 1 } },
  ]);
});

it('times each step in working days: median and 90th percentile', () => {
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

it('lists the steps past their due date, and every EMS visit outcome', () => {
  expect(summary.overdue).toEqual([{ pduCode: 'N07CEN', status: 'AWAITING_APPROVAL', count: 1 }]);
  expect(summary.emsVisitOutcomes).toEqual({
    INSTALLED: 1,
    NO_ACCESS: 1,
    ADDRESS_UNSUITABLE: 0,
    TECHNICAL_FAILURE: 0,
  });
});

it('interpolates percentiles between ranks', () => {
  const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  expect(percentile(oneToTen, 50)).toBe(5.5);
  expect(percentile(oneToTen, 90)).toBe(9.1);
  expect(percentile([4], 90)).toBe(4);
  expect(percentile([], 50)).toBeNull();
});

it('times telling the PoP from the last thing it waits for: the EMS confirmation, or an unmonitored grant', () => {
  const told = (timeline: [string, string, string?][]) =>
    summarise([variation('N07CEN', 'COMPLETED', timeline)], new Date('2026-11-20T12:00:00Z')).steps.find(
      (s) => s.step === 'POP_INFORMED',
    );
  // Notices on Monday, the provider confirms on Thursday, the PoP is told on Friday: 1 day, not 4.
  const monitored = told([
    ['NOTICE_SENT', '2026-11-02T10:00:00Z', 'COURT'],
    ['EMS_CONFIRMED', '2026-11-05T10:00:00Z'],
    ['POP_INFORMED', '2026-11-06T10:00:00Z', 'PHONE'],
  ]);
  expect(monitored).toMatchObject({ count: 1, medianWorkingDays: 1 });
  // The court granted an unmonitored curfew on Monday, so no notice: told on Wednesday, 2 days.
  const granted = told([
    ['COURT_GRANTED', '2026-11-02T10:00:00Z'],
    ['POP_INFORMED', '2026-11-04T10:00:00Z', 'PHONE'],
  ]);
  expect(granted).toMatchObject({ count: 1, medianWorkingDays: 2 });
});

it('starts a step at its latest start event, and counts a step that ends without starting as nothing', () => {
  const timeline = [
    { event: 'TRIAGE_ACCEPT', at: '2026-11-02T10:00:00Z', by: null },
    { event: 'SUBMITTED', at: '2026-11-02T10:00:00Z', by: null },
    { event: 'CHECKS_RECORDED', at: '2026-11-04T10:00:00Z', by: null },
    { event: 'TRIAGE_ACCEPT', at: '2026-11-05T10:00:00Z', by: null },
  ];
  expect(stepDurations(timeline, ['SUBMITTED', 'CHECKS_RECORDED'], ['TRIAGE_ACCEPT'])).toEqual([1]);
});
