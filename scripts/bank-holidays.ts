// Generates libs/domain/src/bank-holidays.json, the England and Wales bank holidays that working days (R16)
// skip. The service makes no network call for them at run time, so the data ships with the code:
//   npx tsc -p tsconfig.build.json && node dist/scripts/bank-holidays.js > libs/domain/src/bank-holidays.json
// The regular holidays follow from the standard rules; one-off changes (jubilees, coronations, state
// funerals) are listed by hand below as GOV.UK announces them.

export const FIRST_YEAR = 2022;
export const LAST_YEAR = 2030;
/** The last year GOV.UK (www.gov.uk/bank-holidays) had published when the data was generated. */
export const LAST_PUBLISHED_YEAR = 2027;

export interface BankHolidayFile {
  division: 'england-and-wales';
  source: string;
  dates: string[];
}

interface OneOff {
  /** A regular holiday moved to another day that year. */
  moved?: Record<string, string>;
  /** Extra holidays that year. */
  added?: string[];
}

const ONE_OFFS: Record<number, OneOff> = {
  2022: {
    // Platinum Jubilee: Spring bank holiday moved from Mon 30 May to Thu 2 June, and an extra Fri 3 June.
    moved: { '2022-05-30': '2022-06-02' },
    // ...and the State Funeral of Queen Elizabeth II on Mon 19 September.
    added: ['2022-06-03', '2022-09-19'],
  },
  // Coronation of King Charles III.
  2023: { added: ['2023-05-08'] },
};

const DAY_MS = 24 * 60 * 60 * 1000;

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0 for Sunday to 6 for Saturday. */
function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

/** The day itself on a weekday; the Monday after it on a weekend. */
function weekdayOnOrAfter(ms: number): number {
  return ms + [1, 0, 0, 0, 0, 0, 2][weekday(ms)] * DAY_MS;
}

/** The Monday on or after the day. */
function mondayOnOrAfter(ms: number): number {
  return ms + ((8 - weekday(ms)) % 7) * DAY_MS;
}

/** The last Monday on or before the day. */
function mondayOnOrBefore(ms: number): number {
  return ms - ((weekday(ms) + 6) % 7) * DAY_MS;
}

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** The regular holidays of a year by the standard rules, before one-off changes. */
function regularHolidays(year: number): number[] {
  const easter = easterSunday(year);
  const newYear = Date.UTC(year, 0, 1);
  const christmas = Date.UTC(year, 11, 25);
  const boxing = Date.UTC(year, 11, 26);
  // Christmas and Boxing Day each move two days on from a weekend: Christmas on a Saturday gives Mon 27 and
  // Tue 28; on a Sunday, Boxing Day Mon 26 and Christmas Tue 27; Boxing Day alone on a Saturday gives Mon 28.
  const substitute = (ms: number) => (weekday(ms) === 0 || weekday(ms) === 6 ? ms + 2 * DAY_MS : ms);
  return [
    weekdayOnOrAfter(newYear), // New Year's Day, or the Monday after a weekend
    easter - 2 * DAY_MS, // Good Friday
    easter + DAY_MS, // Easter Monday
    mondayOnOrAfter(Date.UTC(year, 4, 1)), // Early May: first Monday of May
    mondayOnOrBefore(Date.UTC(year, 4, 31)), // Spring: last Monday of May
    mondayOnOrBefore(Date.UTC(year, 7, 31)), // Summer: last Monday of August
    substitute(christmas),
    substitute(boxing),
  ];
}

/** The England and Wales bank holidays of a year, sorted YYYY-MM-DD. */
export function bankHolidays(year: number): string[] {
  const oneOff = ONE_OFFS[year] ?? {};
  const dates = regularHolidays(year)
    .map(iso)
    .map((date) => oneOff.moved?.[date] ?? date);
  return [...dates, ...(oneOff.added ?? [])].sort();
}

export function bankHolidayFile(from = FIRST_YEAR, to = LAST_YEAR): BankHolidayFile {
  const dates: string[] = [];
  for (let year = from; year <= to; year++) dates.push(...bankHolidays(year));
  return {
    division: 'england-and-wales',
    source:
      `England and Wales bank holidays ${from} to ${to}, following GOV.UK's published list ` +
      `(https://www.gov.uk/bank-holidays, to ${LAST_PUBLISHED_YEAR}) and the standard rules. ` +
      `Years after ${LAST_PUBLISHED_YEAR} are computed from the rules only: ` +
      'future one-off holidays must be added by hand in scripts/bank-holidays.ts, which generates this file.',
    dates,
  };
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(bankHolidayFile(), null, 2)}\n`);
}
