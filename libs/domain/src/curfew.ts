// Curfew maths on wall-clock minutes (domain.md, "Reading curfew times"). A period belongs to the day it
// starts on; an end before its start is next morning. Wall-clock, so a night when the clocks change still
// counts 19:00-07:00 as 12 hours and never breaks R7.
//
// These functions expect readable periods (`isReadablePeriod`); rules.ts checks that before calling them.
import { isClockTime } from './dates';
import { DAYS, type CurfewPeriod, type DayOfWeek } from './types';

const DAY = 24 * 60;
/** The week is circular: Sunday night runs into Monday morning. */
const WEEK = 7 * DAY;

/** A known day and two HH:mm times. start == end is readable but not lawful (R12). */
export function isReadablePeriod(p: CurfewPeriod): boolean {
  return DAYS.includes(p.day) && isClockTime(p.start) && isClockTime(p.end);
}

/** Minutes since midnight of an HH:mm time. */
function clockMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Length of a period in minutes; 19:00-07:00 is 720. start == end is neither 0 nor 24 hours but invalid
 * (R12 reports it); it counts as 0 here so totals stay meaningful and it overlaps nothing.
 */
export function periodMinutes(p: CurfewPeriod): number {
  return (clockMinutes(p.end) - clockMinutes(p.start) + DAY) % DAY;
}

function emptyWeek<T>(make: () => T): Record<DayOfWeek, T> {
  return Object.fromEntries(DAYS.map((day) => [day, make()])) as Record<DayOfWeek, T>;
}

/** Curfew minutes per day, each period counted on the day it starts. */
export function dailyTotals(periods: CurfewPeriod[]): Record<DayOfWeek, number> {
  const totals = emptyWeek(() => 0);
  for (const p of periods) totals[p.day] += periodMinutes(p);
  return totals;
}

/** Each day's period lengths in minutes, shortest first: R7 `period-length` compares these. */
export function periodLengthsByDay(periods: CurfewPeriod[]): Record<DayOfWeek, number[]> {
  const lengths = emptyWeek((): number[] => []);
  for (const p of periods) lengths[p.day].push(periodMinutes(p));
  for (const day of DAYS) lengths[day].sort((a, b) => a - b);
  return lengths;
}

export function weeklyTotalMinutes(periods: CurfewPeriod[]): number {
  return periods.reduce((sum, p) => sum + periodMinutes(p), 0);
}

/** Minutes from Monday 00:00 to the period's start. */
function weekStart(p: CurfewPeriod): number {
  return DAYS.indexOf(p.day) * DAY + clockMinutes(p.start);
}

/** Whether `b` starts inside `a`, going round the week. Starting exactly at `a`'s end is touching, not inside. */
function startsWithin(a: CurfewPeriod, b: CurfewPeriod): boolean {
  return (weekStart(b) - weekStart(a) + WEEK) % WEEK < periodMinutes(a);
}

/**
 * Index pairs [i, j] (i < j) of periods that share any minute, overnight periods and Sunday into Monday
 * included. Two stretches of a circle, each shorter than half of it, overlap exactly when one starts
 * inside the other.
 */
export function findOverlaps(periods: CurfewPeriod[]): [number, number][] {
  const pairs: [number, number][] = [];
  periods.forEach((a, i) => {
    periods.slice(i + 1).forEach((b, k) => {
      if (periodMinutes(a) > 0 && periodMinutes(b) > 0 && (startsWithin(a, b) || startsWithin(b, a))) {
        pairs.push([i, i + 1 + k]);
      }
    });
  });
  return pairs;
}

/** Same periods in any order (R4: a schedule identical to the current one is no change). */
export function sameSchedule(a: CurfewPeriod[], b: CurfewPeriod[]): boolean {
  const key = (periods: CurfewPeriod[]) =>
    periods
      .map((p) => `${p.day} ${p.start} ${p.end}`)
      .sort()
      .join('|');
  return a.length === b.length && key(a) === key(b);
}
