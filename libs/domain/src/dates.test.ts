import fc from 'fast-check';
import { addYears, compareDates, formatDate, isCalendarDate, isClockTime, ukDateOf, ukToday } from './dates';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2023-12-31', '2000-02-29', '0001-01-01'])('accepts %s', (s) => {
    expect(isCalendarDate(s)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '2023-02-30',
    '1900-02-29',
    '2023-13-01',
    '2023-00-10',
    '2023-04-31',
    '2023-01-00',
    '2023-1-01',
    '20230101',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '',
  ])('rejects %j', (s) => {
    expect(isCalendarDate(s)).toBe(false);
  });

  it('agrees with the calendar for every day of a leap and a common year', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1999, 0, 1), max: Date.UTC(2030, 11, 31) }), (ms) => {
        expect(isCalendarDate(new Date(ms).toISOString().slice(0, 10))).toBe(true);
      }),
    );
  });
});

describe('isClockTime', () => {
  it.each(['00:00', '07:00', '19:30', '23:59'])('accepts %s', (s) => {
    expect(isClockTime(s)).toBe(true);
  });

  it.each(['24:00', '23:60', '7:00', '07:0', '07:00:00', '0700', 'ab:cd', ''])('rejects %j', (s) => {
    expect(isClockTime(s)).toBe(false);
  });
});

describe('compareDates', () => {
  it('orders dates', () => {
    expect(compareDates('2024-01-31', '2024-02-01')).toBeLessThan(0);
    expect(compareDates('2024-02-01', '2024-02-01')).toBe(0);
    expect(compareDates('2025-01-01', '2024-12-31')).toBeGreaterThan(0);
  });
});

describe('addYears', () => {
  it.each([
    ['2024-02-01', 2, '2026-02-01'],
    ['2023-12-31', 1, '2024-12-31'],
    ['2024-02-29', 1, '2025-03-01'],
    ['2024-02-29', 4, '2028-02-29'],
  ])('%s plus %i years is %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it('always gives a calendar date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 11, 31) }),
        fc.integer({ min: 0, max: 5 }),
        (ms, years) => {
          expect(isCalendarDate(addYears(new Date(ms).toISOString().slice(0, 10), years))).toBe(true);
        },
      ),
    );
  });
});

describe('ukToday', () => {
  it.each([
    ['2024-05-24T23:30:00Z', '2024-05-25'], // BST: already tomorrow in London
    ['2024-05-24T22:59:59Z', '2024-05-24'],
    ['2024-01-01T23:30:00Z', '2024-01-01'], // GMT
    ['2024-03-31T00:30:00Z', '2024-03-31'], // the night the clocks go forward
    ['2024-10-26T23:30:00Z', '2024-10-27'], // the night the clocks go back
  ])('%s is %s in the UK', (instant, expected) => {
    expect(ukToday(new Date(instant))).toBe(expected);
  });
});

describe('ukDateOf', () => {
  it.each([
    ['2024-05-20', '2024-05-20'],
    ['2024-05-20T10:00:00Z', '2024-05-20'],
    ['2024-05-25T23:30:00Z', '2024-05-26'],
    ['2024-05-26T00:30:00+01:00', '2024-05-26'],
    ['2024-05-25T23:30', '2024-05-25'],
    ['2024-05-20T10:00:00.123Z', '2024-05-20'],
  ])('%s is %s', (value, expected) => {
    expect(ukDateOf(value)).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-02-30T10:00:00Z', '2024-05-20T25:00:00Z', '2024-05-20 10:00'])(
    'has no date for %j',
    (value) => {
      expect(ukDateOf(value)).toBeUndefined();
    },
  );

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => void ukDateOf(s)));
  });
});

describe('formatDate', () => {
  it('reads as a practitioner writes it', () => {
    expect(formatDate('2024-06-01')).toBe('1 June 2024');
    expect(formatDate('2022-06-28')).toBe('28 June 2022');
    expect(formatDate('2025-12-31')).toBe('31 December 2025');
  });
});
