// Calendar dates (YYYY-MM-DD) and clock times (HH:mm) as plain strings. Pure: the workflow sandbox imports
// this, so no Node APIs and no reading of the clock; "today" is always passed in.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
// A timestamp such as 2024-05-20T10:00:00Z; without a zone it is taken as UK wall-clock time.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// Built once: the sandbox re-runs workflow code often and the formatter is costly to construct.
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A real date in YYYY-MM-DD: rejects 2023-02-30, 2023-13-01 and other formats. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A wall-clock time HH:mm from 00:00 to 23:59. */
export function isClockTime(s: string): boolean {
  return CLOCK_TIME.test(s);
}

/** Negative, zero or positive as `a` is before, on or after `b`. ISO dates sort as text. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The same day `years` later. 29 February rolls over to 1 March, so that a period of a year "beginning with"
 * 29 February ends on 28 February.
 */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = year + years;
  if (day > daysInMonth(target, month)) return `${pad(target, 4)}-03-01`;
  return `${pad(target, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The calendar date in England and Wales at the instant `now`. */
export function ukToday(now: Date): string {
  const parts = LONDON.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The UK calendar date of a date or timestamp (consent.recordedAt may be either), or undefined when it is
 * neither. A timestamp with a zone is converted to UK time: 23:30Z in summer is already tomorrow in London.
 */
export function ukDateOf(value: string): string | undefined {
  if (isCalendarDate(value)) return value;
  const m = DATE_TIME.exec(value);
  if (!m || !isCalendarDate(m[1])) return undefined;
  if (m[4] === undefined) return m[1];
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : ukToday(instant);
}

/** A date as a practitioner reads it: 2024-06-01 is "1 June 2024". */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** How far a person's device and our clocks may run apart: a time that far ahead is still "now". */
export const CLOCK_SKEW_MS = 5 * 60_000;
