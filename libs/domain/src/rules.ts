// The rules of domain.md as pure functions. Each returns every breach it finds, never only the first, so a
// practitioner can fix everything in one go. Total by design: a date or time that is not valid (the HTTP
// layer rejects those first) skips the checks that depend on it instead of throwing.
//
// R8 (different times or places for different days) allows something and forbids nothing, so it has no
// check: the schedule is per day throughout. R9 (address checks) and R13-R17 are steps of the process, not
// conditions of a request; the workflows carry them.
import {
  dailyTotals,
  findOverlaps,
  isReadablePeriod,
  periodLengthsByDay,
  sameSchedule,
  weeklyTotalMinutes,
} from './curfew';
import { addYears, compareDates, formatDate, isCalendarDate, ukDateOf } from './dates';
import {
  DAYS,
  ELIGIBLE_ORDER_TYPES,
  type Address,
  type Change,
  type Consent,
  type Curfew,
  type CurfewPeriod,
  type DayOfWeek,
  type RuleBreach,
  type RuleContext,
  type RuleId,
  type VariationRequest,
} from './types';

/** R2: PCSC Act 2022 s.151 came into force on 28 June 2022. */
export const COMMENCEMENT_DATE = '2022-06-28';

/** What POST /variations answers with 422 (api.md). */
export interface RuleOutcome {
  error: RuleBreach['outcome'];
  rules: RuleId[];
  messages: string[];
}

const COURT = ' Apply to the court instead.';

// R12 limits (Sentencing Code Sch 9 para 9), in minutes and years.
const MIN_DAY = 2 * 60;
const MAX_DAY = 20 * 60;
const MAX_DAY_PRE_COMMENCEMENT = 16 * 60;
const MAX_WEEK = 112 * 60;
const MAX_YEARS = 2;
const MAX_YEARS_PRE_COMMENCEMENT = 1;

function breach(rule: RuleId, outcome: RuleBreach['outcome'], field: string, message: string): RuleBreach {
  return { rule, outcome, field, message };
}

/** True only when both are real dates and `a` is before `b`: an invalid date skips the check. */
function before(a: string, b: string): boolean {
  return isCalendarDate(a) && isCalendarDate(b) && compareDates(a, b) < 0;
}

function dayName(day: DayOfWeek): string {
  return day.charAt(0) + day.slice(1).toLowerCase();
}

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** 720 is "12 hours", 630 is "10 hours 30 minutes", 0 is "0 hours". */
function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [h > 0 || m === 0 ? count(h, 'hour') : '', m > 0 ? count(m, 'minute') : ''];
  return parts.filter(Boolean).join(' ');
}

function describePeriod(p: CurfewPeriod): string {
  return `${dayName(p.day)} ${p.start} to ${p.end}`;
}

/** "6 hours and 6 hours"; an empty day is "0 hours". */
function listHours(lengths: number[]): string {
  const words = lengths.length === 0 ? [hours(0)] : lengths.map(hours);
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function preCommencement(req: VariationRequest): boolean {
  return before(req.order.convictionDate, COMMENCEMENT_DATE);
}

/**
 * The change as it varies the curfew. R4 lets a request restate the current times or address beside
 * what does change; the restated part is left out, so that the current address is never taken for a
 * new one (its R9 checks, an EMS installation visit before the PoP is told, R15).
 */
export function withoutRestatements(change: Change, curfew: Curfew): Change {
  const { periods, address, ...rest } = change;
  return {
    ...rest,
    ...(periods && !sameSchedule(periods, curfew.periods) ? { periods } : {}),
    ...(address && !sameAddress(address, curfew.address) ? { address } : {}),
  };
}

// Postcodes are written with and without spaces, in either case. The first two lines tell places
// apart (Flat 1 and Flat 2 of one house are two places); the town adds nothing the postcode does not.
export function sameAddress(a: Address, b: Address): boolean {
  const postcode = (x: Address) => x.postcode.replace(/\s+/g, '').toUpperCase();
  const line = (text: string | undefined) => (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return postcode(a) === postcode(b) && line(a.line1) === line(b.line1) && line(a.line2) === line(b.line2);
}

function periodsChange(req: VariationRequest): boolean {
  return req.change.periods !== undefined && !sameSchedule(req.change.periods, req.curfew.periods);
}

function addressChanges(req: VariationRequest): boolean {
  return req.change.address !== undefined && !sameAddress(req.change.address, req.curfew.address);
}

/** Index of the first period on `day`, to point the practitioner at the right row. */
function fieldForDay(prefix: string, periods: CurfewPeriod[], day: DayOfWeek): string {
  const i = periods.findIndex((p) => p.day === day);
  return i < 0 ? prefix : `${prefix}[${i}]`;
}

/** R1: an adult community sentence with a curfew, still in force. */
function checkOrderInForce(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  if (!(ELIGIBLE_ORDER_TYPES as readonly string[]).includes(req.order.type)) {
    breaches.push(
      breach(
        'R1',
        'NOT_ELIGIBLE',
        'order.type',
        `This order (${req.order.type}) cannot be varied here: only community orders and suspended sentence orders with a curfew requirement can (R1). Youth orders and licences, including Home Detention Curfew, follow other processes.`,
      ),
    );
  }
  if (before(req.curfew.endDate, ctx.today)) {
    breaches.push(
      breach(
        'R1',
        'NOT_ELIGIBLE',
        'curfew.endDate',
        `The curfew requirement ended on ${formatDate(req.curfew.endDate)}, so there is no curfew in force to vary (R1).`,
      ),
    );
  }
  return breaches;
}

/** R2, data errors: dates that cannot be right whichever route the variation takes. */
function checkOrderDates(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  const { convictionDate, sentenceDate } = req.order;
  const breaches: RuleBreach[] = [];
  if (before(sentenceDate, convictionDate)) {
    breaches.push(
      breach(
        'R2',
        'NOT_ELIGIBLE',
        'order.convictionDate',
        `The conviction date (${formatDate(convictionDate)}) is after the sentence date (${formatDate(sentenceDate)}). Please check the order details (R2).`,
      ),
    );
  }
  if (before(ctx.today, sentenceDate)) {
    breaches.push(
      breach(
        'R2',
        'NOT_ELIGIBLE',
        'order.sentenceDate',
        `The sentence date (${formatDate(sentenceDate)}) is in the future. Please check the order details (R2).`,
      ),
    );
  }
  return breaches;
}

/** R2: the administrative power only covers convictions on or after commencement. */
function checkCommencement(req: VariationRequest): RuleBreach[] {
  if (!preCommencement(req)) return [];
  return [
    breach(
      'R2',
      'COURT_ROUTE_REQUIRED',
      'order.convictionDate',
      `The conviction on ${formatDate(req.order.convictionDate)} was before ${formatDate(COMMENCEMENT_DATE)}, when the administrative power began, so only the court can vary this curfew (R2).${COURT}`,
    ),
  ];
}

/** R3: the change in circumstances must be described. */
function checkCircumstances(req: VariationRequest): RuleBreach[] {
  if (req.change.circumstances.trim() !== '') return [];
  return [
    breach(
      'R3',
      'NOT_ELIGIBLE',
      'change.circumstances',
      "Describe how the person's circumstances have changed since the order was made (R3).",
    ),
  ];
}

/** R4: the variation changes the times, the address, or both, and actually changes something. */
function checkSomethingChanges(req: VariationRequest): RuleBreach[] {
  const { periods, address } = req.change;
  if (periodsChange(req) || addressChanges(req)) return [];
  if (periods === undefined && address === undefined) {
    return [
      breach(
        'R4',
        'NOT_ELIGIBLE',
        'change',
        'Say what the variation changes: the curfew times, the curfew address, or both (R4).',
      ),
    ];
  }
  const unchanged = [periods && 'curfew times', address && 'curfew address'].filter(Boolean).join(' and ');
  const field = periods && address ? 'change' : periods ? 'change.periods' : 'change.address';
  return [
    breach(
      'R4',
      'NOT_ELIGIBLE',
      field,
      `The new ${unchanged} are the same as the current ones, so there is nothing to vary (R4).`,
    ),
  ];
}

/**
 * R5 on an amendment: the person consented to the variation as it stood. An amendment that varies the
 * curfew otherwise (another address, other times or another start) needs their consent to it; one that
 * only restates, or rewords the circumstances, does not.
 */
export function checkAmendedConsent(
  current: Change,
  amended: Change,
  consent: Consent | undefined,
): RuleBreach[] {
  if (consent || sameVariation(current, amended)) return [];
  return [
    breach(
      'R5',
      'NOT_ELIGIBLE',
      'consent',
      'The amendment changes the address, times or date the person consented to. Record their consent to the amended variation (R5).',
    ),
  ];
}

function sameVariation(a: Change, b: Change): boolean {
  const same = <T>(x: T | undefined, y: T | undefined, equal: (x: T, y: T) => boolean) =>
    x && y ? equal(x, y) : !x && !y;
  return (
    a.effectiveFrom === b.effectiveFrom &&
    same(a.address, b.address, sameAddress) &&
    same(a.periods, b.periods, sameSchedule)
  );
}

/** R5: the person consents, and the consent is not dated in the future. */
function checkConsent(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  if (req.consent.given !== true) {
    breaches.push(
      breach(
        'R5',
        'NOT_ELIGIBLE',
        'consent.given',
        'The person has not consented to the variation, and it cannot go ahead without their consent (R5).',
      ),
    );
  }
  const recorded = ukDateOf(req.consent.recordedAt);
  if (recorded !== undefined && before(ctx.today, recorded)) {
    breaches.push(
      breach(
        'R5',
        'NOT_ELIGIBLE',
        'consent.recordedAt',
        `Consent is recorded as given on ${formatDate(recorded)}, which is in the future. Record when the person actually consented (R5).`,
      ),
    );
  }
  return breaches;
}

/** R6: takes effect today or later, within the curfew requirement's period. */
function checkEffectiveDate(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  const { effectiveFrom } = req.change;
  const { startDate, endDate } = req.curfew;
  const breaches: RuleBreach[] = [];
  if (before(effectiveFrom, ctx.today)) {
    breaches.push(
      breach(
        'R6',
        'NOT_ELIGIBLE',
        'change.effectiveFrom',
        `The variation cannot take effect from ${formatDate(effectiveFrom)}, which is in the past. Choose today or a later date (R6).`,
      ),
    );
  }
  // An inverted requirement period has no inside; R12 reports it.
  const outside = before(effectiveFrom, startDate) || before(endDate, effectiveFrom);
  if (outside && !before(endDate, startDate)) {
    breaches.push(
      breach(
        'R6',
        'NOT_ELIGIBLE',
        'change.effectiveFrom',
        `The variation must take effect while the curfew requirement runs, from ${formatDate(startDate)} to ${formatDate(endDate)}, not on ${formatDate(effectiveFrom)} (R6).`,
      ),
    );
  }
  return breaches;
}

/** R18 (with R6): not earlier than the order's last completed variation took effect, on either route. */
function checkAfterLastVariation(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  const { effectiveFrom } = req.change;
  if (!ctx.lastEffectiveFrom || !before(effectiveFrom, ctx.lastEffectiveFrom)) return [];
  return [
    breach(
      'R18',
      'NOT_ELIGIBLE',
      'change.effectiveFrom',
      `The order's last variation takes effect from ${formatDate(ctx.lastEffectiveFrom)}, so this one cannot take effect earlier, from ${formatDate(effectiveFrom)} (R6, R18).`,
    ),
  ];
}

/** R7: the number of curfew hours may not change, as the configured policy reads it. One breach per day. */
function checkHoursUnchanged(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  const next = req.change.periods;
  const current = req.curfew.periods;
  if (next === undefined || !next.every(isReadablePeriod) || !current.every(isReadablePeriod)) return [];
  const field = (day: DayOfWeek) => fieldForDay('change.periods', next, day);

  if (ctx.hoursPolicy === 'period-length') {
    const was = periodLengthsByDay(current);
    const will = periodLengthsByDay(next);
    return DAYS.filter((day) => was[day].join() !== will[day].join()).map((day) =>
      breach(
        'R7',
        'COURT_ROUTE_REQUIRED',
        field(day),
        `${dayName(day)}'s curfew would be ${listHours(will[day])} instead of ${listHours(was[day])}: the administrative power can only move start times, and each curfew period must keep its length (R7).${COURT}`,
      ),
    );
  }
  const was = dailyTotals(current);
  const will = dailyTotals(next);
  return DAYS.filter((day) => was[day] !== will[day]).map((day) =>
    breach(
      'R7',
      'COURT_ROUTE_REQUIRED',
      field(day),
      `${dayName(day)}'s curfew would be ${hours(will[day])} instead of ${hours(was[day])}: the administrative power cannot change the number of curfew hours (R7).${COURT}`,
    ),
  );
}

/** R10: a change of address must not interfere with a residence requirement. */
function checkResidenceRequirement(req: VariationRequest): RuleBreach[] {
  if (!req.order.residenceRequirement || !addressChanges(req)) return [];
  return [
    breach(
      'R10',
      'COURT_ROUTE_REQUIRED',
      'change.address',
      `This order also has a residence requirement, so only the court can change the curfew address (R10).${COURT}`,
    ),
  ];
}

/** R11: a stipulated boundary area is out of scope. */
function checkStipulatedBoundary(req: VariationRequest): RuleBreach[] {
  if (!req.order.stipulatedBoundary || !addressChanges(req)) return [];
  return [
    breach(
      'R11',
      'COURT_ROUTE_REQUIRED',
      'change.address',
      `This order has a stipulated boundary area, so only the court can change the curfew address (R11).${COURT}`,
    ),
  ];
}

/** R12: the curfew that will be in force (the new schedule, or the current one) must be lawful. */
function checkLawfulCurfew(req: VariationRequest): RuleBreach[] {
  const prefix = req.change.periods ? 'change.periods' : 'curfew.periods';
  const periods = req.change.periods ?? req.curfew.periods;
  return [...checkPeriods(periods, prefix, preCommencement(req)), ...checkRequirementLength(req)];
}

function checkPeriods(periods: CurfewPeriod[], prefix: string, pre: boolean): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const R12 = (field: string, message: string) =>
    breaches.push(breach('R12', 'NOT_ELIGIBLE', field, message));

  periods.forEach((p, i) => {
    if (isReadablePeriod(p) && p.start === p.end) {
      R12(
        `${prefix}[${i}]`,
        `The curfew period ${describePeriod(p)} starts and ends at the same time. Give an end time different from the start (R12).`,
      );
    }
  });
  // The sums and overlaps mean nothing while any time is unreadable.
  if (!periods.every(isReadablePeriod)) return breaches;

  const maxDay = pre ? MAX_DAY_PRE_COMMENCEMENT : MAX_DAY;
  const totals = dailyTotals(periods);
  for (const day of DAYS) {
    const total = totals[day];
    const field = fieldForDay(prefix, periods, day);
    if (total > 0 && total < MIN_DAY) {
      R12(
        field,
        `${dayName(day)}'s curfew would be ${hours(total)}, but a curfew day must be at least 2 hours (R12).`,
      );
    }
    if (total > maxDay) {
      const limit = pre ? '16 hours for a conviction before 28 June 2022' : '20 hours';
      R12(
        field,
        `${dayName(day)}'s curfew would be ${hours(total)}, but the most allowed in a day is ${limit} (R12).`,
      );
    }
  }
  const week = weeklyTotalMinutes(periods);
  if (week > MAX_WEEK) {
    R12(prefix, `The curfew would total ${hours(week)} a week, but the most allowed is 112 hours (R12).`);
  }
  for (const [i, j] of findOverlaps(periods)) {
    R12(
      `${prefix}[${j}]`,
      `The curfew periods ${describePeriod(periods[i])} and ${describePeriod(periods[j])} overlap. Curfew periods must not overlap (R12).`,
    );
  }
  return breaches;
}

/** R12: a requirement of at most 2 years (1 year pre-commencement) "beginning with" its start day. */
function checkRequirementLength(req: VariationRequest): RuleBreach[] {
  const { startDate, endDate } = req.curfew;
  if (!isCalendarDate(startDate) || !isCalendarDate(endDate)) return [];
  if (before(endDate, startDate)) {
    return [
      breach(
        'R12',
        'NOT_ELIGIBLE',
        'curfew.endDate',
        `The curfew requirement ends on ${formatDate(endDate)}, before it starts on ${formatDate(startDate)}. Please check the dates (R12).`,
      ),
    ];
  }
  const pre = preCommencement(req);
  const years = pre ? MAX_YEARS_PRE_COMMENCEMENT : MAX_YEARS;
  // The last lawful day is the day before the anniversary of the start.
  if (before(endDate, addYears(startDate, years))) return [];
  const limit = pre ? '1 year for a conviction before 28 June 2022' : '2 years';
  return [
    breach(
      'R12',
      'NOT_ELIGIBLE',
      'curfew.endDate',
      `The curfew requirement runs from ${formatDate(startDate)} to ${formatDate(endDate)}, longer than the most allowed, ${limit} (R12).`,
    ),
  ];
}

/** Every rule a request breaks on the administrative route (R1-R8, R10-R12, R18), in rule order. */
export function assessAdministrativeVariation(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  return [
    ...checkOrderInForce(req, ctx),
    ...checkOrderDates(req, ctx),
    ...checkCommencement(req),
    ...checkCircumstances(req),
    ...checkSomethingChanges(req),
    ...checkConsent(req, ctx),
    ...checkEffectiveDate(req, ctx),
    ...checkHoursUnchanged(req, ctx),
    ...checkResidenceRequirement(req),
    ...checkStipulatedBoundary(req),
    ...checkLawfulCurfew(req),
    ...checkAfterLastVariation(req, ctx),
  ];
}

/**
 * What still applies when a court varies the order. The court has the powers the administrative route lacks
 * (R2 commencement, R6 dates, R7 hours, R10, R11), but the order must still be one we handle, with correct
 * dates, a described change that changes something, consent, and a lawful curfew.
 */
export function assessCourtVariation(req: VariationRequest, ctx: RuleContext): RuleBreach[] {
  return [
    ...checkOrderInForce(req, ctx),
    ...checkOrderDates(req, ctx),
    ...checkCircumstances(req),
    ...checkSomethingChanges(req),
    ...checkConsent(req, ctx),
    ...checkLawfulCurfew(req),
    ...checkAfterLastVariation(req, ctx),
  ];
}

const ruleNumber = (rule: RuleId) => Number(rule.slice(1));

/**
 * The 422 answer for a set of breaches, or null when there are none. NOT_ELIGIBLE wins: the court route would
 * not help while any such breach remains.
 */
export function outcomeOf(breaches: RuleBreach[]): RuleOutcome | null {
  if (breaches.length === 0) return null;
  const sorted = [...breaches].sort((a, b) => ruleNumber(a.rule) - ruleNumber(b.rule));
  return {
    error: sorted.some((b) => b.outcome === 'NOT_ELIGIBLE') ? 'NOT_ELIGIBLE' : 'COURT_ROUTE_REQUIRED',
    rules: [...new Set(sorted.map((b) => b.rule))],
    messages: sorted.map((b) => b.message),
  };
}
