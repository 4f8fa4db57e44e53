import fc from 'fast-check';
import { bankHolidayFile } from '../../../scripts/bank-holidays';
import holidays from './bank-holidays.json';
import {
  BANK_HOLIDAYS_COVER_UNTIL,
  addWorkingDays,
  isWorkingDay,
  ukInstant,
  workingDaysBetween,
} from './working-days';

const DAY_MS = 24 * 60 * 60 * 1000;
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// Any date from 2022 to 2030, the years the bank holiday data covers.
const arbDate = fc
  .integer({ min: Date.UTC(2022, 0, 1) / DAY_MS, max: Date.UTC(2030, 11, 31) / DAY_MS })
  .map((day) => iso(day * DAY_MS));
const arbDays = fc.integer({ min: 0, max: 60 });

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
/** An instant as UK wall-clock "YYYY-MM-DD HH:mm". */
function london(instant: Date): string {
  const parts = LONDON.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

describe('bank holiday data', () => {
  // As published on GOV.UK (www.gov.uk/bank-holidays), England and Wales.
  it.each([
    [2022, ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27']],
    [2023, ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26']],
    [2024, ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26']],
    [2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26']],
    [2026, ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28']],
    [2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28']],
  ])('has exactly GOV.UK’s %i', (year, days) => {
    expect(holidays.dates.filter((d) => d.startsWith(`${year}-`))).toEqual(days.map((d) => `${year}-${d}`));
  });

  it('covers 2022 to 2030, sorted, once each, on weekdays, eight or more a year', () => {
    expect(holidays.division).toBe('england-and-wales');
    expect(BANK_HOLIDAYS_COVER_UNTIL).toBe(2030);
    expect([...holidays.dates].sort()).toEqual(holidays.dates);
    expect(new Set(holidays.dates).size).toBe(holidays.dates.length);
    for (const date of holidays.dates) expect([0, 6]).not.toContain(weekday(date));
    for (let year = 2022; year <= 2030; year++) {
      expect(holidays.dates.filter((d) => d.startsWith(`${year}-`)).length).toBeGreaterThanOrEqual(8);
    }
  });

  it('is what scripts/bank-holidays.ts generates', () => {
    expect(bankHolidayFile()).toEqual(holidays);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-06-10', true, 'a Wednesday'],
    ['2026-06-13', false, 'a Saturday'],
    ['2026-06-14', false, 'a Sunday'],
    ['2026-04-03', false, 'Good Friday'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-12-28', false, 'Boxing Day substitute'],
    ['2027-01-01', false, 'New Year’s Day'],
    ['2022-09-19', false, 'the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', false, 'the Coronation'],
    ['2026-12-29', true, 'the Tuesday after Christmas 2026'],
    ['2031-12-25', true, 'Christmas after the data ends: by weekday only'],
    ['2031-12-27', false, 'a Saturday after the data ends'],
  ])('%s is %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-1-01', ''])('rejects %j', (date) => {
    expect(() => isWorkingDay(date)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-06-12', 1, '2026-06-15', 'Friday + 1 is Monday'],
    ['2026-06-13', 1, '2026-06-15', 'Saturday + 1 is Monday'],
    ['2026-06-14', 1, '2026-06-15', 'Sunday + 1 is Monday'],
    ['2026-06-10', 5, '2026-06-17', 'a week'],
    ['2026-12-24', 1, '2026-12-29', 'over Christmas 2026'],
    ['2026-12-24', 3, '2026-12-31', 'to New Year’s Eve'],
    ['2026-12-31', 1, '2027-01-04', 'over New Year 2027'],
    ['2026-12-24', 4, '2027-01-04', 'over Christmas and New Year'],
    ['2026-04-02', 1, '2026-04-07', 'over Easter 2026'],
    ['2026-04-03', 1, '2026-04-07', 'from Good Friday'],
    ['2022-06-01', 1, '2022-06-06', 'over the Platinum Jubilee'],
    ['2026-06-10', 0, '2026-06-10', 'zero days on a working day'],
    ['2026-06-13', 0, '2026-06-15', 'zero days on a Saturday'],
    ['2026-04-03', 0, '2026-04-07', 'zero days on Good Friday'],
  ])('%s + %i is %s (%s)', (date, days, expected) => {
    expect(addWorkingDays(date, days)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p days', (days) => {
    expect(() => addWorkingDays('2026-06-10', days)).toThrow(RangeError);
  });

  it('rejects a bad date', () => {
    expect(() => addWorkingDays('2026-13-01', 1)).toThrow(RangeError);
  });

  it('always lands on a working day, never before the start', () => {
    fc.assert(
      fc.property(arbDate, arbDays, (date, days) => {
        const result = addWorkingDays(date, days);
        expect(isWorkingDay(result)).toBe(true);
        expect(result >= date).toBe(true);
      }),
    );
  });

  it('goes strictly later with each extra day, from a working day or after the first day', () => {
    fc.assert(
      fc.property(arbDate, arbDays, (date, days) => {
        if (isWorkingDay(date) || days >= 1) {
          expect(addWorkingDays(date, days + 1) > addWorkingDays(date, days)).toBe(true);
        } else {
          // From a weekend or bank holiday, 0 and 1 both give the next working day.
          expect(addWorkingDays(date, 1)).toBe(addWorkingDays(date, 0));
        }
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-06-10', '2026-06-10', 0, 'the same day'],
    ['2026-06-15', '2026-06-10', 0, 'backwards'],
    ['2026-06-12', '2026-06-15', 1, 'Friday to Monday'],
    ['2026-06-13', '2026-06-14', 0, 'Saturday to Sunday'],
    ['2026-06-13', '2026-06-15', 1, 'Saturday to Monday'],
    ['2026-12-24', '2026-12-29', 1, 'over Christmas 2026'],
    ['2026-12-24', '2027-01-04', 4, 'over Christmas and New Year'],
    ['2026-04-02', '2026-04-06', 0, 'Maundy Thursday to Easter Monday'],
    ['2026-01-01', '2026-12-31', 253, 'the working days of 2026'],
  ])('%s to %s is %i (%s)', (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it('undoes addWorkingDays from a working day', () => {
    fc.assert(
      fc.property(
        arbDate.filter((d) => isWorkingDay(d)),
        arbDays,
        (date, days) => {
          expect(workingDaysBetween(date, addWorkingDays(date, days))).toBe(days);
        },
      ),
    );
  });

  it('undoes addWorkingDays from any day for one day or more', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 1, max: 60 }), (date, days) => {
        expect(workingDaysBetween(date, addWorkingDays(date, days))).toBe(days);
      }),
    );
  });

  it('adds up over consecutive spans', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbDate, { minLength: 3, maxLength: 3 }), (dates) => {
        const [a, b, c] = [...dates].sort();
        expect(workingDaysBetween(a, c)).toBe(workingDaysBetween(a, b) + workingDaysBetween(b, c));
      }),
    );
  });
});

describe('ukInstant', () => {
  it.each([
    ['2026-07-01', '09:00', '2026-07-01T08:00:00.000Z', 'BST'],
    ['2026-12-01', '09:00', '2026-12-01T09:00:00.000Z', 'GMT'],
    ['2026-03-28', '09:00', '2026-03-28T09:00:00.000Z', 'the day before the clocks go forward'],
    ['2026-03-29', '00:30', '2026-03-29T00:30:00.000Z', 'before the clocks go forward'],
    ['2026-03-29', '01:30', '2026-03-29T01:30:00.000Z', 'a skipped time is read an hour later, 02:30 BST'],
    ['2026-03-29', '09:00', '2026-03-29T08:00:00.000Z', 'after the clocks go forward'],
    ['2026-10-25', '00:00', '2026-10-24T23:00:00.000Z', 'midnight before the clocks go back'],
    ['2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', 'a time that happens twice is the first, in BST'],
    ['2026-10-25', '09:00', '2026-10-25T09:00:00.000Z', 'after the clocks go back'],
    ['2026-12-31', '23:59', '2026-12-31T23:59:00.000Z', 'the last minute of a year'],
  ])('%s %s is %s (%s)', (date, time, expected) => {
    expect(ukInstant(date, time).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-07-01', '24:00'],
    ['2026-07-01', '9:00'],
    ['2026-02-29', '09:00'],
  ])('rejects %s %s', (date, time) => {
    expect(() => ukInstant(date, time)).toThrow(RangeError);
  });

  it('gives 09:00 in London on any day', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        expect(london(ukInstant(date, '09:00'))).toBe(`${date} 09:00`);
      }),
    );
  });

  it('gives the wall-clock time asked for, but in the hour the clocks skip', () => {
    const arbTime = fc
      .record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) })
      .map(({ hour, minute }) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
    fc.assert(
      fc.property(arbDate, arbTime, (date, time) => {
        // The clocks go forward at 01:00 on the last Sunday in March.
        const skipped =
          date.slice(5, 7) === '03' &&
          Number(date.slice(8)) >= 25 &&
          weekday(date) === 0 &&
          time.startsWith('01:');
        expect(london(ukInstant(date, time))).toBe(`${date} ${skipped ? `02:${time.slice(3)}` : time}`);
      }),
    );
  });
});
