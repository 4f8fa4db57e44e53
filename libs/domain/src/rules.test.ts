import fc from 'fast-check';
import {
  assessAdministrativeVariation,
  assessCourtVariation,
  checkAmendedConsent,
  COMMENCEMENT_DATE,
  outcomeOf,
  withoutRestatements,
} from './rules';
import {
  DAYS,
  type CurfewPeriod,
  type DayOfWeek,
  type RuleBreach,
  type RuleContext,
  type VariationRequest,
} from './types';

const ctx: RuleContext = { today: '2024-05-25', hoursPolicy: 'daily-total' };
const strict: RuleContext = { ...ctx, hoursPolicy: 'period-length' };

// The example body of api.md: valid on 25 May 2024.
const baseline: VariationRequest = {
  person: { crn: 'X123456', firstName: 'Sam', lastName: 'Jones', dateOfBirth: '1990-04-01' },
  practitioner: { name: 'Alex Smith', email: 'alex.smith@probation.example', pduCode: 'N07CEN' },
  order: {
    type: 'COMMUNITY_ORDER',
    convictionDate: '2024-01-10',
    sentenceDate: '2024-02-01',
    sentencingCourt: { code: 'B01LY', name: "Example Magistrates' Court" },
    residenceRequirement: false,
    stipulatedBoundary: false,
  },
  curfew: {
    startDate: '2024-02-01',
    endDate: '2025-01-31',
    electronicallyMonitored: true,
    address: { line1: '1 High Street', town: 'Leeds', postcode: 'LS1 1AA' },
    periods: [{ day: 'MONDAY', start: '19:00', end: '07:00' }],
  },
  change: {
    circumstances: 'Started evening shifts at a warehouse',
    effectiveFrom: '2024-06-01',
    periods: [{ day: 'MONDAY', start: '23:00', end: '11:00' }],
    address: { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' },
  },
  consent: { given: true, method: 'IN_PERSON', recordedAt: '2024-05-20T10:00:00Z' },
  addressChecks: {
    safeguarding: { outcome: 'NO_CONCERNS', localAuthority: 'Leeds', completedAt: '2024-05-21' },
    domesticAbuse: { outcome: 'NO_CONCERNS', policeForce: 'West Yorkshire', completedAt: '2024-05-21' },
    householder: {
      name: 'Pat Jones',
      consented: true,
      attitudeOfOthers: 'Supportive',
      recordedAt: '2024-05-21',
    },
  },
};

type Mutation = (r: VariationRequest) => void;

const variant = (mutate: Mutation): VariationRequest => {
  const r = structuredClone(baseline);
  mutate(r);
  return r;
};
const p = (day: DayOfWeek, start: string, end: string): CurfewPeriod => ({ day, start, end });
/** A period from minutes after midnight and a length in minutes. */
const time = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const period = (day: DayOfWeek, start: number, length: number) => p(day, time(start), time(start + length));
const startsAndLengths = fc.array(
  fc.record({
    day: fc.constantFrom(...DAYS),
    start: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1439 }),
  }),
  { maxLength: 10 },
);

const ruleIds = (breaches: RuleBreach[]) => outcomeOf(breaches)?.rules ?? [];

/** Both schedules at once, for rules that need the current curfew to match. */
const schedules =
  (current: CurfewPeriod[], next: CurfewPeriod[]): Mutation =>
  (r) => {
    r.curfew.periods = current;
    r.change.periods = next;
  };
const newPeriods =
  (...next: CurfewPeriod[]): Mutation =>
  (r) => {
    r.change.periods = next;
  };
const timesOnly: Mutation = (r) => delete r.change.address;
const addressOnly: Mutation = (r) => delete r.change.periods;
const both =
  (...mutations: Mutation[]): Mutation =>
  (r) =>
    mutations.forEach((m) => m(r));

const seventeenHoursDaily = DAYS.map((day) => p(day, '06:00', '23:00'));

const administrativeCases: [string, Mutation, string[]][] = [
  ['the api.md example', () => {}, []],
  // R1
  ['a youth order', (r) => (r.order.type = 'YOUTH_REHABILITATION_ORDER'), ['R1']],
  ['a Home Detention Curfew licence', (r) => (r.order.type = 'HDC_LICENCE'), ['R1']],
  ['a suspended sentence order', (r) => (r.order.type = 'SUSPENDED_SENTENCE_ORDER'), []],
  ['a curfew that ended yesterday', (r) => (r.curfew.endDate = '2024-05-24'), ['R1', 'R6']],
  [
    'a curfew that ends today, varied from today',
    both(
      (r) => (r.curfew.endDate = '2024-05-25'),
      (r) => (r.change.effectiveFrom = '2024-05-25'),
    ),
    [],
  ],
  // R2
  ['a conviction the day before commencement', (r) => (r.order.convictionDate = '2022-06-27'), ['R2']],
  ['a conviction on the commencement date', (r) => (r.order.convictionDate = COMMENCEMENT_DATE), []],
  ['a conviction after the sentence', (r) => (r.order.convictionDate = '2024-02-02'), ['R2']],
  ['a sentence in the future', (r) => (r.order.sentenceDate = '2024-05-26'), ['R2']],
  // R3
  ['no circumstances', (r) => (r.change.circumstances = ''), ['R3']],
  ['blank circumstances', (r) => (r.change.circumstances = ' \n\t '), ['R3']],
  // R4
  ['neither times nor address', both(timesOnly, addressOnly), ['R4']],
  ['the current times again', both(timesOnly, newPeriods(p('MONDAY', '19:00', '07:00'))), ['R4']],
  [
    'the current address, written differently',
    both(
      addressOnly,
      (r) => (r.change.address = { line1: ' 1  high street ', town: 'Leeds', postcode: 'ls11aa' }),
    ),
    ['R4'],
  ],
  [
    'the current times and address',
    both(newPeriods(p('MONDAY', '19:00', '07:00')), (r) => (r.change.address = { ...r.curfew.address })),
    ['R4'],
  ],
  [
    'the current times in another order',
    both(
      timesOnly,
      schedules(
        [p('MONDAY', '19:00', '07:00'), p('TUESDAY', '20:00', '08:00')],
        [p('TUESDAY', '20:00', '08:00'), p('MONDAY', '19:00', '07:00')],
      ),
    ),
    ['R4'],
  ],
  ['the current times with a new address', newPeriods(p('MONDAY', '19:00', '07:00')), []],
  ['new times at the current address', (r) => (r.change.address = { ...r.curfew.address }), []],
  [
    'another flat of the same building',
    (r) => {
      r.curfew.address = { line1: '10 High Street', line2: 'Flat 1', town: 'Leeds', postcode: 'LS1 1AA' };
      r.change.address = { ...r.curfew.address, line2: 'Flat 2' };
      delete r.change.periods;
    },
    [],
  ],
  ['new times only', timesOnly, []],
  ['a new address only', addressOnly, []],
  // R5
  ['no consent', (r) => (r.consent.given = false), ['R5']],
  ['consent recorded tomorrow', (r) => (r.consent.recordedAt = '2024-05-26T10:00:00Z'), ['R5']],
  [
    'consent at 23:30 UTC, already tomorrow in London',
    (r) => (r.consent.recordedAt = '2024-05-25T23:30:00Z'),
    ['R5'],
  ],
  ['consent recorded today', (r) => (r.consent.recordedAt = '2024-05-25'), []],
  // R6
  ['effective yesterday', (r) => (r.change.effectiveFrom = '2024-05-24'), ['R6']],
  ['effective today', (r) => (r.change.effectiveFrom = '2024-05-25'), []],
  ['effective on the last day of the curfew', (r) => (r.change.effectiveFrom = '2025-01-31'), []],
  ['effective after the curfew ends', (r) => (r.change.effectiveFrom = '2025-02-01'), ['R6']],
  ['effective before the curfew starts', (r) => (r.curfew.startDate = '2024-07-01'), ['R6']],
  ['effective in the past and before the curfew', (r) => (r.change.effectiveFrom = '2024-01-15'), ['R6']],
  // R7 (daily-total, the default)
  ['two hours fewer on Monday', newPeriods(p('MONDAY', '19:00', '05:00')), ['R7']],
  ['an hour more on Monday', newPeriods(p('MONDAY', '19:00', '08:00')), ['R7']],
  ['Monday moved to Tuesday', newPeriods(p('TUESDAY', '19:00', '07:00')), ['R7']],
  [
    'Monday split across the day',
    newPeriods(p('MONDAY', '07:00', '13:00'), p('MONDAY', '19:00', '01:00')),
    [],
  ],
  ['Monday half an hour later', newPeriods(p('MONDAY', '19:30', '07:30')), []],
  // R8: different times on different days are fine
  [
    'different times on different days',
    schedules(
      [p('MONDAY', '19:00', '07:00'), p('SATURDAY', '21:00', '06:00')],
      [p('MONDAY', '22:00', '10:00'), p('SATURDAY', '12:00', '21:00')],
    ),
    [],
  ],
  // R10, R11
  ['a residence requirement', (r) => (r.order.residenceRequirement = true), ['R10']],
  ['a residence requirement, times only', both(timesOnly, (r) => (r.order.residenceRequirement = true)), []],
  ['a stipulated boundary', (r) => (r.order.stipulatedBoundary = true), ['R11']],
  ['a stipulated boundary, times only', both(timesOnly, (r) => (r.order.stipulatedBoundary = true)), []],
  [
    'a residence requirement and a stipulated boundary',
    both(
      (r) => (r.order.residenceRequirement = true),
      (r) => (r.order.stipulatedBoundary = true),
    ),
    ['R10', 'R11'],
  ],
  // R12
  [
    'a period that starts and ends at the same time',
    newPeriods(p('MONDAY', '23:00', '11:00'), p('TUESDAY', '10:00', '10:00')),
    ['R12'],
  ],
  ['a day of one hour', schedules([p('MONDAY', '19:00', '20:00')], [p('MONDAY', '20:00', '21:00')]), ['R12']],
  [
    'a day of exactly 2 hours',
    schedules([p('MONDAY', '19:00', '21:00')], [p('MONDAY', '20:00', '22:00')]),
    [],
  ],
  ['a day of 21 hours', schedules([p('MONDAY', '02:00', '23:00')], [p('MONDAY', '02:30', '23:30')]), ['R12']],
  [
    'a day of exactly 20 hours',
    schedules([p('MONDAY', '02:00', '22:00')], [p('MONDAY', '03:00', '23:00')]),
    [],
  ],
  [
    'a day of 17 hours for a pre-commencement conviction',
    both(
      (r) => (r.order.convictionDate = '2022-01-01'),
      schedules([p('MONDAY', '06:00', '23:00')], [p('MONDAY', '06:30', '23:30')]),
    ),
    ['R2', 'R12'],
  ],
  [
    'a week of 119 hours',
    schedules(
      seventeenHoursDaily,
      DAYS.map((day) => p(day, '06:30', '23:30')),
    ),
    ['R12'],
  ],
  [
    'an overnight period overlapping the next morning',
    schedules(
      [p('MONDAY', '20:00', '08:00'), p('TUESDAY', '09:00', '11:00')],
      [p('MONDAY', '20:00', '08:00'), p('TUESDAY', '07:00', '09:00')],
    ),
    ['R12'],
  ],
  [
    'Sunday night overlapping Monday morning',
    schedules(
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '07:00', '09:00')],
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '05:00', '07:00')],
    ),
    ['R12'],
  ],
  [
    'Sunday night touching Monday morning',
    schedules(
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '07:00', '09:00')],
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '06:00', '08:00')],
    ),
    [],
  ],
  [
    'an address change keeping an unlawful schedule',
    both(addressOnly, (r) => r.curfew.periods.push(p('TUESDAY', '06:00', '08:00'))),
    ['R12'],
  ],
  ['a requirement of 2 years and a day', (r) => (r.curfew.endDate = '2026-02-01'), ['R12']],
  ['a requirement of exactly 2 years', (r) => (r.curfew.endDate = '2026-01-31'), []],
  [
    'a requirement over a year for a pre-commencement conviction',
    both(
      (r) => (r.order.convictionDate = '2022-01-01'),
      (r) => (r.curfew.endDate = '2025-02-01'),
    ),
    ['R2', 'R12'],
  ],
  [
    'a requirement that ends before it starts',
    both(
      (r) => (r.curfew.startDate = '2024-12-01'),
      (r) => (r.curfew.endDate = '2024-11-30'),
    ),
    ['R12'],
  ],
  // Invalid values skip the checks that need them (the HTTP layer rejects them first).
  ['an impossible effective date', (r) => (r.change.effectiveFrom = '2024-02-30'), []],
  ['an impossible time', newPeriods(p('MONDAY', '25:00', '07:00')), []],
  ['an unreadable conviction date', (r) => (r.order.convictionDate = 'unknown'), []],
  ['an unreadable end date', (r) => (r.curfew.endDate = 'x'), []],
  ['an unreadable consent time', (r) => (r.consent.recordedAt = 'soon'), []],
  // Every breach, not the first
  [
    'everything at once',
    both(
      (r) => (r.order.type = 'YOUTH_REHABILITATION_ORDER'),
      (r) => (r.change.circumstances = ''),
      (r) => (r.consent.given = false),
      newPeriods(p('MONDAY', '19:00', '05:00')),
      (r) => (r.order.residenceRequirement = true),
    ),
    ['R1', 'R3', 'R5', 'R7', 'R10'],
  ],
];

const periodLengthCases: [string, Mutation, string[]][] = [
  ['the api.md example', () => {}, []],
  ['Monday half an hour later', newPeriods(p('MONDAY', '19:30', '07:30')), []],
  [
    'Monday split across the day',
    newPeriods(p('MONDAY', '07:00', '13:00'), p('MONDAY', '19:00', '01:00')),
    ['R7'],
  ],
  ['two hours fewer on Monday', newPeriods(p('MONDAY', '19:00', '05:00')), ['R7']],
  [
    'both parts of a split day moved',
    schedules(
      [p('MONDAY', '07:00', '13:00'), p('MONDAY', '19:00', '01:00')],
      [p('MONDAY', '20:00', '02:00'), p('MONDAY', '08:00', '14:00')],
    ),
    [],
  ],
  [
    'lengths swapped between days',
    schedules(
      [p('MONDAY', '19:00', '07:00'), p('TUESDAY', '20:00', '02:00')],
      [p('MONDAY', '20:00', '02:00'), p('TUESDAY', '19:00', '07:00')],
    ),
    ['R7'],
  ],
];

describe('assessAdministrativeVariation', () => {
  it.each(administrativeCases)('%s', (_name, mutate, expected) => {
    const breaches = assessAdministrativeVariation(variant(mutate), ctx);
    expect(ruleIds(breaches)).toEqual(expected);
    for (const b of breaches) expect(b.message).toContain(`(${b.rule})`);
  });

  it.each(periodLengthCases)('period-length policy, %s', (_name, mutate, expected) => {
    expect(ruleIds(assessAdministrativeVariation(variant(mutate), strict))).toEqual(expected);
  });

  it('names the day and the hours when the hours change (R7)', () => {
    const breaches = assessAdministrativeVariation(variant(newPeriods(p('MONDAY', '19:00', '05:00'))), ctx);
    expect(breaches).toEqual([
      {
        rule: 'R7',
        outcome: 'COURT_ROUTE_REQUIRED',
        field: 'change.periods[0]',
        message:
          "Monday's curfew would be 10 hours instead of 12 hours: the administrative power cannot change the number of curfew hours (R7). Apply to the court instead.",
      },
    ]);
  });

  it('gives one R7 breach per day that changes', () => {
    const breaches = assessAdministrativeVariation(variant(newPeriods(p('TUESDAY', '19:00', '07:00'))), ctx);
    expect(breaches.map((b) => [b.field, b.message.split(':')[0]])).toEqual([
      ['change.periods', "Monday's curfew would be 0 hours instead of 12 hours"],
      ['change.periods[0]', "Tuesday's curfew would be 12 hours instead of 0 hours"],
    ]);
  });

  it('says which lengths changed under the period-length policy (R7)', () => {
    const split = newPeriods(p('MONDAY', '07:00', '13:00'), p('MONDAY', '19:00', '01:00'));
    const [b] = assessAdministrativeVariation(variant(split), strict);
    expect(b.message).toMatch(/^Monday's curfew would be 6 hours and 6 hours instead of 12 hours: .*\(R7\)/);
    expect(b.outcome).toBe('COURT_ROUTE_REQUIRED');
  });

  it.each([
    ['05:30', '10 hours 30 minutes'],
    ['20:01', '1 hour 1 minute'],
    ['19:45', '45 minutes'],
  ])('formats part hours: 19:00 to %s is %s', (end, words) => {
    const [b] = assessAdministrativeVariation(variant(newPeriods(p('MONDAY', '19:00', end))), ctx);
    expect(b.message).toContain(`would be ${words} instead of 12 hours`);
  });

  it('points at the request field at fault', () => {
    const fields = (mutate: Mutation) =>
      assessAdministrativeVariation(variant(mutate), ctx).map((b) => [b.rule, b.outcome, b.field]);
    expect(fields((r) => (r.order.convictionDate = '2022-01-01'))).toEqual([
      ['R2', 'COURT_ROUTE_REQUIRED', 'order.convictionDate'],
    ]);
    expect(fields((r) => (r.order.convictionDate = '2024-03-01'))).toEqual([
      ['R2', 'NOT_ELIGIBLE', 'order.convictionDate'],
    ]);
    expect(fields(newPeriods(p('MONDAY', '23:00', '11:00'), p('TUESDAY', '10:00', '10:00')))).toEqual([
      ['R12', 'NOT_ELIGIBLE', 'change.periods[1]'],
    ]);
    expect(fields(both(addressOnly, (r) => r.curfew.periods.push(p('TUESDAY', '06:00', '08:00'))))).toEqual([
      ['R12', 'NOT_ELIGIBLE', 'curfew.periods[1]'],
    ]);
    expect(fields((r) => (r.order.stipulatedBoundary = true))).toEqual([
      ['R11', 'COURT_ROUTE_REQUIRED', 'change.address'],
    ]);
    expect(fields(both(timesOnly, addressOnly))).toEqual([['R4', 'NOT_ELIGIBLE', 'change']]);
  });

  it('names both overlapping periods (R12)', () => {
    const overlap = schedules(
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '07:00', '09:00')],
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '05:00', '07:00')],
    );
    const [b] = assessAdministrativeVariation(variant(overlap), ctx);
    expect(b.message).toBe(
      'The curfew periods Sunday 22:00 to 06:00 and Monday 05:00 to 07:00 overlap. Curfew periods must not overlap (R12).',
    );
  });

  it('never fires R7 for a pure time shift of the whole schedule (daily-total)', () => {
    fc.assert(
      fc.property(startsAndLengths, fc.integer({ min: -1439, max: 1439 }), (raw, shift) => {
        const kept = raw.filter((r) => r.start + shift >= 0 && r.start + shift < 1440);
        const current = kept.map((r) => period(r.day, r.start, r.length));
        const next = kept.map((r) => period(r.day, r.start + shift, r.length));
        const breaches = assessAdministrativeVariation(variant(schedules(current, next)), ctx);
        expect(breaches.filter((b) => b.rule === 'R7')).toEqual([]);
      }),
    );
  });

  it('never fires R7 when each period only moves its start within its day (period-length)', () => {
    fc.assert(
      fc.property(
        startsAndLengths,
        fc.array(fc.integer({ min: 0, max: 1439 }), { minLength: 10 }),
        (raw, starts) => {
          const current = raw.map((r) => period(r.day, r.start, r.length));
          const next = raw.map((r, i) => period(r.day, starts[i], r.length));
          const breaches = assessAdministrativeVariation(variant(schedules(current, next)), strict);
          expect(breaches.filter((b) => b.rule === 'R7')).toEqual([]);
        },
      ),
    );
  });

  it('fires R7 on exactly the days whose total changes', () => {
    fc.assert(
      fc.property(
        fc.subarray([...DAYS], { minLength: 1 }),
        fc.integer({ min: -119, max: 119 }).filter((d) => d !== 0),
        (days, delta) => {
          const current = DAYS.map((day) => p(day, '20:00', '06:00'));
          const next = DAYS.map((day) => period(day, 20 * 60, days.includes(day) ? 600 + delta : 600));
          const breaches = assessAdministrativeVariation(variant(schedules(current, next)), ctx);
          expect(breaches.filter((b) => b.rule === 'R7').map((b) => b.field)).toEqual(
            days.map((day) => `change.periods[${DAYS.indexOf(day)}]`),
          );
        },
      ),
    );
  });

  it('never throws, whatever the dates and times say', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (date, time, other, policy) => {
        const req = variant((r) => {
          r.order.convictionDate = date;
          r.curfew.endDate = other;
          r.change.effectiveFrom = date;
          r.consent.recordedAt = other;
          r.change.periods = [p('MONDAY', time, other), p(date as DayOfWeek, '19:00', time)];
          r.curfew.periods = [p('MONDAY', other, time)];
        });
        const breaches = assessAdministrativeVariation(req, { today: policy, hoursPolicy: 'daily-total' });
        expect(Array.isArray(breaches)).toBe(true);
        expect(Array.isArray(assessCourtVariation(req, strict))).toBe(true);
      }),
    );
  });
});

const courtCases: [string, Mutation, string[]][] = [
  ['the api.md example', () => {}, []],
  [
    'what only a court can do',
    both(
      (r) => (r.order.convictionDate = '2022-01-01'),
      (r) => (r.order.residenceRequirement = true),
      (r) => (r.order.stipulatedBoundary = true),
      (r) => (r.change.effectiveFrom = '2024-05-01'),
      newPeriods(p('MONDAY', '19:00', '05:00')),
    ),
    [],
  ],
  ['a youth order', (r) => (r.order.type = 'YOUTH_REHABILITATION_ORDER'), ['R1']],
  ['a curfew that has ended', (r) => (r.curfew.endDate = '2024-05-24'), ['R1']],
  ['a conviction after the sentence', (r) => (r.order.convictionDate = '2024-02-02'), ['R2']],
  ['blank circumstances', (r) => (r.change.circumstances = '  '), ['R3']],
  ['neither times nor address', both(timesOnly, addressOnly), ['R4']],
  ['no consent', (r) => (r.consent.given = false), ['R5']],
  ['overlapping periods', newPeriods(p('MONDAY', '20:00', '08:00'), p('TUESDAY', '07:00', '09:00')), ['R12']],
  [
    'a day of 17 hours for a pre-commencement conviction',
    both((r) => (r.order.convictionDate = '2022-01-01'), newPeriods(p('MONDAY', '06:00', '23:00'))),
    ['R12'],
  ],
];

describe('assessCourtVariation', () => {
  it.each(courtCases)('%s', (_name, mutate, expected) => {
    expect(ruleIds(assessCourtVariation(variant(mutate), ctx))).toEqual(expected);
  });
});

describe("R18: not earlier than the order's last completed variation", () => {
  const after = { ...ctx, lastEffectiveFrom: '2024-06-10' };

  it.each([
    ['administrative', assessAdministrativeVariation],
    ['court', assessCourtVariation],
  ] as const)(
    'the %s route refuses an earlier effective date, and takes the same day or later',
    (_route, assess) => {
      const breaches = assess(baseline, after);
      expect(ruleIds(breaches)).toEqual(['R18']);
      expect(breaches[0]).toMatchObject({ field: 'change.effectiveFrom', outcome: 'NOT_ELIGIBLE' });
      expect(breaches[0].message).toContain('10 June 2024');
      expect(
        ruleIds(
          assess(
            variant((r) => (r.change.effectiveFrom = '2024-06-10')),
            after,
          ),
        ),
      ).toEqual([]);
      expect(ruleIds(assess(baseline, ctx))).toEqual([]);
    },
  );
});

describe('outcomeOf', () => {
  const b = (rule: RuleBreach['rule'], outcome: RuleBreach['outcome']): RuleBreach => ({
    rule,
    outcome,
    message: `${rule} broken (${rule}).`,
  });

  it('is null without breaches', () => {
    expect(outcomeOf([])).toBeNull();
  });

  it('needs the court when every breach is within a court’s power', () => {
    expect(outcomeOf([b('R7', 'COURT_ROUTE_REQUIRED'), b('R2', 'COURT_ROUTE_REQUIRED')])).toEqual({
      error: 'COURT_ROUTE_REQUIRED',
      rules: ['R2', 'R7'],
      messages: ['R2 broken (R2).', 'R7 broken (R7).'],
    });
  });

  it('is not eligible when any breach is, listing every rule once in rule order', () => {
    const outcome = outcomeOf([
      b('R12', 'NOT_ELIGIBLE'),
      b('R7', 'COURT_ROUTE_REQUIRED'),
      b('R2', 'COURT_ROUTE_REQUIRED'),
      b('R7', 'COURT_ROUTE_REQUIRED'),
    ]);
    expect(outcome?.error).toBe('NOT_ELIGIBLE');
    expect(outcome?.rules).toEqual(['R2', 'R7', 'R12']);
    expect(outcome?.messages).toHaveLength(4);
  });

  it('is NOT_ELIGIBLE exactly when some breach is, with sorted unique rules', () => {
    const arbBreach = fc
      .record({
        n: fc.integer({ min: 1, max: 17 }),
        outcome: fc.constantFrom<RuleBreach['outcome']>('NOT_ELIGIBLE', 'COURT_ROUTE_REQUIRED'),
      })
      .map(({ n, outcome }) => b(`R${n}`, outcome));
    fc.assert(
      fc.property(fc.array(arbBreach, { minLength: 1 }), (breaches) => {
        const outcome = outcomeOf(breaches);
        const numbers = outcome?.rules.map((r) => Number(r.slice(1))) ?? [];
        expect(numbers).toEqual(
          [...new Set(breaches.map((x) => Number(x.rule.slice(1))))].sort((x, y) => x - y),
        );
        expect(outcome?.error === 'NOT_ELIGIBLE').toBe(breaches.some((x) => x.outcome === 'NOT_ELIGIBLE'));
      }),
    );
  });
});

describe('withoutRestatements (R4, R9, R15)', () => {
  const request = structuredClone(baseline);
  const newTimes = [p('MONDAY', '20:00', '06:00')];
  const newPlace = { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' };

  it('leaves out the current address restated beside new times, however it is written', () => {
    const change = {
      ...request.change,
      periods: newTimes,
      address: { ...request.curfew.address, line1: ` ${request.curfew.address.line1.toUpperCase()} ` },
    };
    const varied = withoutRestatements(change, request.curfew);
    expect(varied.periods).toEqual(newTimes);
    expect(varied).not.toHaveProperty('address');
  });

  it('leaves out the current times restated beside a new address', () => {
    const change = { ...request.change, periods: request.curfew.periods, address: newPlace };
    const varied = withoutRestatements(change, request.curfew);
    expect(varied.address).toEqual(newPlace);
    expect(varied).not.toHaveProperty('periods');
  });

  it('keeps another flat in the same building: a new place (R9)', () => {
    const flat = (line2: string) => ({ line1: '10 High Street', line2, town: 'Leeds', postcode: 'LS1 1AA' });
    const curfew = { ...request.curfew, address: flat('Flat 1') };
    const change = { ...request.change, periods: newTimes, address: flat('Flat 2') };
    expect(withoutRestatements(change, curfew).address).toEqual(flat('Flat 2'));
    expect(withoutRestatements({ ...change, address: flat(' flat  1 ') }, curfew)).not.toHaveProperty(
      'address',
    );
  });

  it('keeps what changes', () => {
    const change = { ...request.change, periods: newTimes, address: newPlace };
    expect(withoutRestatements(change, request.curfew)).toEqual(change);
  });
});

describe('checkAmendedConsent (R5)', () => {
  const current = {
    circumstances: 'New job',
    effectiveFrom: '2024-06-01',
    periods: [p('MONDAY', '20:00', '06:00')],
  };
  const consent = { given: true, method: 'PHONE' as const, recordedAt: '2024-05-24' };

  it.each([
    ['another start date', { effectiveFrom: '2024-06-08' }],
    ['other times', { periods: [p('MONDAY', '21:00', '07:00')] }],
    ['an address as well', { address: { line1: '2 Park Road', town: 'Leeds', postcode: 'LS2 2BB' } }],
  ])('asks for consent to an amendment with %s, at the field "consent"', (_, amended) => {
    expect(checkAmendedConsent(current, { ...current, ...amended }, undefined)).toEqual([
      expect.objectContaining({ rule: 'R5', outcome: 'NOT_ELIGIBLE', field: 'consent' }),
    ]);
    expect(checkAmendedConsent(current, { ...current, ...amended }, consent)).toEqual([]);
  });

  it('keeps the consent given for the same variation reworded, or its periods in another order', () => {
    const reordered = {
      ...current,
      circumstances: 'New job, night shifts',
      periods: [p('TUESDAY', '20:00', '06:00'), p('MONDAY', '20:00', '06:00')],
    };
    const before = { ...current, periods: [...reordered.periods].reverse() };
    expect(checkAmendedConsent(before, reordered, undefined)).toEqual([]);
  });
});
