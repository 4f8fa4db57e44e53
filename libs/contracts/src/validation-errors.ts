import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
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

/** No body of ours nests deeper than this; class-transformer recurses without bound (a 500 when deep). */
const MAX_DEPTH = 32;

/**
 * Every app's global pipe (architecture.md): unknown fields refused, every bad field named. A body
 * for a request class must be a JSON object of sensible depth: an array or a deeply nested one got
 * past ValidationPipe or overflowed the stack (the fault suite's garbage requests found both).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (!value || typeof value !== 'object' || Array.isArray(value))
        throw bodyRefused('The request body must be a JSON object');
      if (depthOf(value) > MAX_DEPTH)
        throw bodyRefused(`The request body nests deeper than ${MAX_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}

export const strictValidation = () =>
  new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: invalidRequest,
  });

const bodyRefused = (message: string) =>
  new BadRequestException({
    error: 'INVALID_REQUEST',
    fields: [{ field: 'body', messages: [message] }],
    messages: [message],
  });

/** How deep objects and arrays nest in a parsed JSON value, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (!node || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}
