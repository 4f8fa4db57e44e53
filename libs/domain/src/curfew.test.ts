import fc from 'fast-check';
import {
  dailyTotals,
  findOverlaps,
  isReadablePeriod,
  periodLengthsByDay,
  periodMinutes,
  sameSchedule,
  weeklyTotalMinutes,
} from './curfew';
import { DAYS, type CurfewPeriod, type DayOfWeek } from './types';

const DAY = 1440;
const WEEK = 7 * DAY;

const time = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
const p = (day: DayOfWeek, start: string, end: string): CurfewPeriod => ({ day, start, end });

/** A period starting `weekMinute` minutes after Monday 00:00, lasting `length` minutes. */
const at = (weekMinute: number, length: number): CurfewPeriod => {
  const start = ((weekMinute % WEEK) + WEEK) % WEEK;
  return {
    day: DAYS[Math.floor(start / DAY)],
    start: time(start % DAY),
    end: time((start + length) % DAY),
  };
};

const arbPeriod = fc
  .record({ weekMinute: fc.integer({ min: 0, max: WEEK - 1 }), length: fc.integer({ min: 1, max: DAY - 1 }) })
  .map(({ weekMinute, length }) => at(weekMinute, length));

/** Minutes of the week a period covers, by brute force: the oracle for findOverlaps. */
const covered = (q: CurfewPeriod) => {
  const start = DAYS.indexOf(q.day) * DAY + minutesOf(q.start);
  return new Set(Array.from({ length: periodMinutes(q) }, (_, k) => (start + k) % WEEK));
};

describe('periodMinutes', () => {
  it.each([
    [p('MONDAY', '19:00', '07:00'), 12 * 60],
    [p('MONDAY', '23:00', '11:00'), 12 * 60],
    [p('MONDAY', '07:00', '19:00'), 12 * 60],
    [p('SUNDAY', '22:00', '06:00'), 8 * 60],
    [p('MONDAY', '00:00', '23:59'), DAY - 1],
    [p('MONDAY', '23:59', '00:00'), 1],
    [p('MONDAY', '19:00', '19:00'), 0], // invalid: neither 0 nor 24 hours, R12 reports it
  ])('%j lasts %i minutes', (period, minutes) => {
    expect(periodMinutes(period)).toBe(minutes);
  });
});

describe('isReadablePeriod', () => {
  it('needs a known day and two clock times', () => {
    expect(isReadablePeriod(p('MONDAY', '19:00', '07:00'))).toBe(true);
    expect(isReadablePeriod(p('MONDAY', '19:00', '19:00'))).toBe(true);
    expect(isReadablePeriod(p('MONDAY', '25:00', '07:00'))).toBe(false);
    expect(isReadablePeriod(p('MONDAY', '19:00', '7am'))).toBe(false);
    expect(isReadablePeriod({ day: 'FUNDAY' as DayOfWeek, start: '19:00', end: '07:00' })).toBe(false);
  });
});

describe('dailyTotals', () => {
  it('counts each period on the day it starts', () => {
    const totals = dailyTotals([
      p('MONDAY', '19:00', '07:00'),
      p('TUESDAY', '07:00', '13:00'),
      p('TUESDAY', '19:00', '01:00'),
      p('SUNDAY', '22:00', '06:00'),
    ]);
    expect(totals).toEqual({
      MONDAY: 720,
      TUESDAY: 720,
      WEDNESDAY: 0,
      THURSDAY: 0,
      FRIDAY: 0,
      SATURDAY: 0,
      SUNDAY: 480,
    });
  });

  it('sums to the weekly total', () => {
    fc.assert(
      fc.property(fc.array(arbPeriod, { maxLength: 20 }), (periods) => {
        const totals = dailyTotals(periods);
        expect(DAYS.reduce((sum, day) => sum + totals[day], 0)).toBe(weeklyTotalMinutes(periods));
      }),
    );
  });

  it('does not change when every period moves by the same amount within its start day', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.constantFrom(...DAYS),
            start: fc.integer({ min: 0, max: DAY - 1 }),
            length: fc.integer({ min: 1, max: DAY - 1 }),
          }),
          { maxLength: 10 },
        ),
        fc.integer({ min: -(DAY - 1), max: DAY - 1 }),
        (raw, shift) => {
          const moved = raw.filter((r) => r.start + shift >= 0 && r.start + shift < DAY);
          const before = moved.map((r) => p(r.day, time(r.start), time((r.start + r.length) % DAY)));
          const after = moved.map((r) =>
            p(r.day, time(r.start + shift), time((r.start + shift + r.length) % DAY)),
          );
          expect(dailyTotals(after)).toEqual(dailyTotals(before));
          expect(periodLengthsByDay(after)).toEqual(periodLengthsByDay(before));
        },
      ),
    );
  });
});

describe('periodLengthsByDay', () => {
  it('tells a split day from a single period of the same total', () => {
    const whole = periodLengthsByDay([p('MONDAY', '19:00', '07:00')]);
    const split = periodLengthsByDay([p('MONDAY', '07:00', '13:00'), p('MONDAY', '19:00', '01:00')]);
    expect(whole.MONDAY).toEqual([720]);
    expect(split.MONDAY).toEqual([360, 360]);
    expect(split.TUESDAY).toEqual([]);
  });
});

describe('weeklyTotalMinutes', () => {
  it('adds every period', () => {
    expect(weeklyTotalMinutes([])).toBe(0);
    expect(weeklyTotalMinutes(DAYS.map((day) => p(day, '19:00', '07:00')))).toBe(84 * 60);
  });
});

describe('findOverlaps', () => {
  it.each([
    [
      'overnight into the next morning',
      [p('MONDAY', '20:00', '08:00'), p('TUESDAY', '07:00', '09:00')],
      [[0, 1]],
    ],
    [
      'Sunday night into Monday morning',
      [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '05:00', '07:00')],
      [[0, 1]],
    ],
    ['Monday morning listed first', [p('MONDAY', '05:00', '07:00'), p('SUNDAY', '22:00', '06:00')], [[0, 1]]],
    ['the same start', [p('MONDAY', '19:00', '21:00'), p('MONDAY', '19:00', '20:00')], [[0, 1]]],
    ['one inside another', [p('MONDAY', '19:00', '07:00'), p('MONDAY', '22:00', '23:00')], [[0, 1]]],
    ['touching overnight', [p('MONDAY', '20:00', '08:00'), p('TUESDAY', '08:00', '10:00')], []],
    ['touching Sunday into Monday', [p('SUNDAY', '22:00', '06:00'), p('MONDAY', '06:00', '08:00')], []],
    ['touching on one day', [p('MONDAY', '07:00', '13:00'), p('MONDAY', '13:00', '19:00')], []],
    ['a split day', [p('MONDAY', '07:00', '13:00'), p('MONDAY', '19:00', '01:00')], []],
    ['every night of the week', DAYS.map((day) => p(day, '19:00', '07:00')), []],
    ['a zero-length period', [p('MONDAY', '19:00', '07:00'), p('MONDAY', '22:00', '22:00')], []],
    [
      'several pairs',
      [p('MONDAY', '19:00', '07:00'), p('TUESDAY', '06:00', '08:00'), p('MONDAY', '20:00', '21:00')],
      [
        [0, 1],
        [0, 2],
      ],
    ],
  ])('%s', (_name, periods, expected) => {
    expect(findOverlaps(periods)).toEqual(expected);
  });

  it('agrees with counting minutes one by one', () => {
    fc.assert(
      fc.property(fc.array(arbPeriod, { maxLength: 5 }), (periods) => {
        const expected: [number, number][] = [];
        periods.forEach((a, i) =>
          periods.forEach((b, j) => {
            const minutesOfB = covered(b);
            if (i < j && [...covered(a)].some((m) => minutesOfB.has(m))) expected.push([i, j]);
          }),
        );
        expect(findOverlaps(periods)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('is symmetric: listing the periods in reverse finds the same pairs', () => {
    fc.assert(
      fc.property(fc.array(arbPeriod, { maxLength: 8 }), (periods) => {
        const n = periods.length;
        const reversed = findOverlaps([...periods].reverse()).map(([i, j]) => [n - 1 - j, n - 1 - i]);
        expect(reversed.sort()).toEqual(findOverlaps(periods).sort());
      }),
    );
  });

  it('does not change when the whole week is rotated', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weekMinute: fc.integer({ min: 0, max: WEEK - 1 }),
            length: fc.integer({ min: 1, max: DAY - 1 }),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: WEEK - 1 }),
        (raw, rotation) => {
          const original = raw.map((r) => at(r.weekMinute, r.length));
          const rotated = raw.map((r) => at(r.weekMinute + rotation, r.length));
          expect(findOverlaps(rotated)).toEqual(findOverlaps(original));
        },
      ),
    );
  });

  it('a period never overlaps itself shifted by its own length, but does by less', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: WEEK - 1 }),
        fc.integer({ min: 1, max: DAY - 1 }),
        (weekMinute, length) => {
          const period = at(weekMinute, length);
          expect(findOverlaps([period, at(weekMinute + length, length)])).toEqual([]);
          expect(findOverlaps([at(weekMinute + length - 1, length), period])).toEqual([[0, 1]]);
        },
      ),
    );
  });
});

describe('sameSchedule', () => {
  it('ignores order but not content or repetition', () => {
    const a = [p('MONDAY', '19:00', '07:00'), p('TUESDAY', '20:00', '06:00')];
    expect(sameSchedule(a, [...a].reverse())).toBe(true);
    expect(sameSchedule(a, [a[0]])).toBe(false);
    expect(sameSchedule([a[0], a[0]], [a[0], a[1]])).toBe(false);
    expect(sameSchedule(a, [a[0], p('TUESDAY', '20:00', '07:00')])).toBe(false);
  });
});
