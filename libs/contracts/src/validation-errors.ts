import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

export interface FieldError {
  field: string;
  messages: string[];
}

/** ValidationPipe's exceptionFactory: a 400 that names every bad field by its full path (api.md). */
export function invalidRequest(errors: ValidationError[]): BadRequestException {
  const fields = flatten(errors, '');
  return new BadRequestException({
    error: 'INVALID_REQUEST',
    fields,
    messages: fields.flatMap((f) => f.messages.map((m) => (m.startsWith(f.field) ? m : `${f.field}: ${m}`))),
  });
}

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = error.constraints
      ? [{ field, messages: Object.values(error.constraints).map((m) => named(m, error.property, field)) }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// class-validator starts its messages with the bare property name; give the full path instead.
function named(message: string, property: string, field: string): string {
  return message.startsWith(`${property} `) ? field + message.slice(property.length) : message;
}

/** Every app's global pipe (architecture.md): unknown fields refused, every bad field named. */
export const strictValidation = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: invalidRequest,
  });
