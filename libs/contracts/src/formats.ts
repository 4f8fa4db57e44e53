import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isClockTime } from '../../domain/src/dates';

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
/** A UK wall-clock time, HH:mm from 00:00 to 23:59. */
export const IsClockTime = format(
  'isClockTime',
  isClockTime,
  'must be a time written HH:mm, from 00:00 to 23:59',
);

/**
 * An optional field may be left out, but not sent as null: null gets a 400 naming the field, so it
 * never reaches the rules (class-validator's IsOptional would let null through).
 */
export const Omittable = (options?: ValidationOptions) =>
  ValidateIf((_, value) => value !== undefined, options);
