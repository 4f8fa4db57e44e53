import { isRFC3339, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { CLOCK_SKEW_MS, isCalendarDate, isClockTime, ukToday } from '../../domain/src/dates';

function format(name: string, test: (value: string) => boolean, message: string) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `$property ${message}`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && test(value) },
    });
}

/** A real calendar date, YYYY-MM-DD: 2023-02-30 is refused. */
export const IsCalendarDate = format(
  'isCalendarDate',
  isCalendarDate,
  'must be a real date written YYYY-MM-DD',
);
/** When consent was recorded: a date (the pages ask for one) or an RFC 3339 timestamp. */
export const IsDateOrTimestamp = format(
  'isDateOrTimestamp',
  (value) => isCalendarDate(value) || isRFC3339(value),
  'must be a date written YYYY-MM-DD or a timestamp such as 2024-05-20T10:00:00Z',
);
/** A UK wall-clock time, HH:mm from 00:00 to 23:59. */
export const IsClockTime = format(
  'isClockTime',
  isClockTime,
  'must be a time written HH:mm, from 00:00 to 23:59',
);

/** Something that has happened: a timestamp not in the future (a malformed one is another rule's). */
export const IsNotFutureTimestamp = format(
  'isNotFutureTimestamp',
  (value) => !(Date.parse(value) > Date.now() + CLOCK_SKEW_MS),
  'must not be in the future',
);
/** Something that has happened: a UK date not after today (a malformed one is another rule's). */
export const IsNotFutureDate = format(
  'isNotFutureDate',
  (value) => !isCalendarDate(value) || value <= ukToday(new Date()),
  'must not be in the future',
);
/** Text a person must write: spaces alone say nothing. */
export const HasText = (message: string) =>
  format('hasText', (value) => value.trim() !== '', message)({ message });

/**
 * An optional field may be left out, but not sent as null: null gets a 400 naming the field, so it
 * never reaches the rules (class-validator's IsOptional would let null through).
 */
export const Omittable = (options?: ValidationOptions) =>
  ValidateIf((_, value) => value !== undefined, options);
