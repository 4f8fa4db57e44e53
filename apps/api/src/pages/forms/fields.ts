// Reading GOV.UK form fields into the shapes of the API, with the GOV.UK error messages for each.
// Each reader adds its errors to the form's FormErrors and returns the value, or undefined.
import { isCalendarDate, ukToday } from '../../../../../libs/domain/src/dates';
import {
  type Address,
  CONSENT_METHODS,
  type ConsentMethod,
  type CurfewPeriod,
  DAYS,
} from '../../../../../libs/domain/src/types';
import type { Form, FormErrors } from './form-errors';

const MAX_TEXT = 200;
const MAX_LONG_TEXT = 2000;

/** Free text; `label` names it in messages: "Enter the town or city". */
export function readText(
  form: Form,
  name: string,
  label: string,
  errors: FormErrors,
  options: { optional?: boolean; long?: boolean } = {},
): string | undefined {
  const value = (form[name] ?? '').trim();
  if (!value) {
    if (!options.optional) errors.add(name, `Enter ${label}`);
    return undefined;
  }
  const max = options.long ? MAX_LONG_TEXT : MAX_TEXT;
  if (value.length > max) {
    errors.add(name, `${capital(label)} must be ${max.toLocaleString('en-GB')} characters or fewer`);
    return undefined;
  }
  return value;
}

/** One of the values a radio group offers. */
export function readChoice<T extends string>(
  form: Form,
  name: string,
  choices: readonly T[],
  errors: FormErrors,
  message: string,
): T | undefined {
  const value = form[name];
  if (choices.includes(value as T)) return value as T;
  errors.add(name, message);
  return undefined;
}

export function readYesNo(
  form: Form,
  name: string,
  errors: FormErrors,
  message: string,
): boolean | undefined {
  const answer = readChoice(form, name, ['yes', 'no'], errors, message);
  return answer === undefined ? undefined : answer === 'yes';
}

/**
 * A GOV.UK date input (`<name>-day`, `-month`, `-year`) as YYYY-MM-DD. `label` names the date in
 * messages: "Enter the date of birth", "The date of birth must include a month".
 */
export function readDate(form: Form, name: string, label: string, errors: FormErrors): string | undefined {
  const parts = { day: form[`${name}-day`], month: form[`${name}-month`], year: form[`${name}-year`] };
  const missing = (Object.keys(parts) as (keyof typeof parts)[]).filter((part) => !parts[part]?.trim());
  if (missing.length === 3) {
    errors.add(`${name}-day`, `Enter ${label}`);
    return undefined;
  }
  if (missing.length > 0) {
    errors.add(`${name}-${missing[0]}`, `${capital(label)} must include a ${missing.join(' and a ')}`);
    return undefined;
  }
  const [day, month, year] = [parts.day, parts.month, parts.year].map((part) => part.trim());
  const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day) || !isCalendarDate(date)) {
    errors.add(`${name}-day`, `${capital(label)} must be a real date`);
    return undefined;
  }
  return date;
}

/** A 24-hour time, as HH:mm; "7:30" and "07.30" are read as 07:30. */
export function readTime(form: Form, name: string, label: string, errors: FormErrors): string | undefined {
  const value = (form[name] ?? '').trim();
  if (!value) {
    errors.add(name, `Enter ${label}`);
    return undefined;
  }
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    errors.add(name, `Enter ${label} as a 24-hour time, like 19:00`);
    return undefined;
  }
  return `${match[1].padStart(2, '0')}:${match[2]}`;
}

/** A curfew schedule: one period a day at most, a day left blank has no curfew. */
export function readPeriods(form: Form, prefix: string, errors: FormErrors): CurfewPeriod[] | undefined {
  const periods: CurfewPeriod[] = [];
  let valid = true;
  for (const day of DAYS) {
    const field = (end: string) => `${prefix}-${day.toLowerCase()}-${end}`;
    if (!form[field('start')]?.trim() && !form[field('end')]?.trim()) continue;
    const start = readTime(form, field('start'), `the start time for ${dayName(day)}`, errors);
    const end = readTime(form, field('end'), `the end time for ${dayName(day)}`, errors);
    if (start && end) periods.push({ day, start, end });
    else valid = false;
  }
  if (valid && periods.length === 0) {
    errors.add(`${prefix}-monday-start`, 'Enter the curfew times for at least one day');
  }
  return valid && periods.length > 0 ? periods : undefined;
}

export function readAddress(form: Form, prefix: string, errors: FormErrors): Address | undefined {
  const line1 = readText(form, `${prefix}-line1`, 'the first line of the address', errors);
  const line2 = readText(form, `${prefix}-line2`, 'the second line of the address', errors, {
    optional: true,
  });
  const town = readText(form, `${prefix}-town`, 'the town or city', errors);
  const postcode = readText(form, `${prefix}-postcode`, 'the postcode', errors);
  if (postcode && !/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/.test(postcode)) {
    errors.add(`${prefix}-postcode`, 'Enter a real postcode, like LS1 1AA');
    return undefined;
  }
  if (!line1 || !town || !postcode) return undefined;
  return { line1, ...(line2 ? { line2 } : {}), town, postcode: postcode.toUpperCase() };
}

// --- Writing stored answers back into form fields, for the pages that show them again ----------------

export function dateFields(name: string, date: string | undefined): Form {
  if (!date) return {};
  const [year, month, day] = date.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  };
}

export function periodFields(prefix: string, periods: CurfewPeriod[] | undefined): Form {
  const form: Form = {};
  for (const period of periods ?? []) {
    form[`${prefix}-${period.day.toLowerCase()}-start`] = period.start;
    form[`${prefix}-${period.day.toLowerCase()}-end`] = period.end;
  }
  return form;
}

export function addressFields(prefix: string, address: Address | undefined): Form {
  if (!address) return {};
  return {
    [`${prefix}-line1`]: address.line1,
    [`${prefix}-line2`]: address.line2 ?? '',
    [`${prefix}-town`]: address.town,
    [`${prefix}-postcode`]: address.postcode,
  };
}

export const yesNo = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
export const dayName = (day: string) => capital(day.toLowerCase());

/** How and when the person consented (R5): `method`-named radios and a `consentDate` not in the future. */
export function readConsentGiven(
  form: Form,
  methodField: string,
  errors: FormErrors,
): { method?: ConsentMethod; recordedAt?: string } {
  const method = readChoice(form, methodField, CONSENT_METHODS, errors, 'Select how they consented');
  const recordedAt = readDate(form, 'consentDate', 'the date they consented', errors);
  if (recordedAt && recordedAt > ukToday(new Date()))
    errors.add('consentDate-day', 'The date they consented must be today or in the past');
  return { method, recordedAt };
}
