import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { CLOCK_TIME } from '../../domain/src/dates';

/** What class-validator's IsBase64 takes (validator.js's default: padded, standard alphabet). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * The OpenAPI document states exactly what the validators enforce, read from the validators
 * themselves (class-validator's metadata), so the contract and the checks cannot drift apart. This is
 * what @nestjs/swagger's compiler plugin does under `nest build`; the apps compile with plain `tsc`.
 *
 * Every body schema named after a validated class (one of `bodies`, the classes the handlers take,
 * or any class with validators of its own, as nested bodies are) gets its required properties, its
 * constraints and `additionalProperties: false` (unknown properties are refused); the query
 * parameters of the operations in `queries` get theirs from the class that validates them.
 */
export function withValidatorConstraints(
  document: OpenAPIObject,
  bodies: DtoClass[],
  queries: { path: string; method: 'get'; dto: DtoClass }[],
): OpenAPIObject {
  const validated = validatedClasses(bodies);
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as [string, Schema][]) {
    const metadata = validated.get(name);
    if (!metadata) continue;
    const properties = (schema.properties ??= {}) as Record<string, Schema>;
    const required: string[] = [];
    for (const [property, rules] of byProperty(metadata)) {
      const target = properties[property];
      if (!target) throw new Error(`${name}.${property} is validated but not in the OpenAPI document`);
      constrain(target, rules);
      if (isRequired(rules)) required.push(property);
    }
    schema.required = required;
    schema.additionalProperties = false;
  }
  for (const { path, method, dto } of queries) {
    const parameters = (document.paths[path]?.[method]?.parameters ?? []) as Schema[];
    for (const [property, rules] of byProperty(metadataOf(dto))) {
      const parameter = parameters.find((p) => p.in === 'query' && p.name === property);
      if (!parameter)
        throw new Error(`${method.toUpperCase()} ${path}?${property} is not in the OpenAPI document`);
      constrain(parameter.schema, rules);
      parameter.required = isRequired(rules);
    }
  }
  return document;
}

/**
 * A property required only for some values of another (a ValidateIf the metadata cannot show):
 * OpenAPI 3.0 has no if/then, so "one of these values, or the property present".
 */
export function requiredUnless(
  document: OpenAPIObject,
  schemaName: string,
  property: string,
  unless: { property: string; values: readonly string[] },
): void {
  const schema = document.components?.schemas?.[schemaName] as Schema | undefined;
  if (!schema) throw new Error(`${schemaName} is not in the OpenAPI document`);
  schema.anyOf = [{ properties: { [unless.property]: { enum: unless.values } } }, { required: [property] }];
}

/** What each validator says, in JSON Schema; a validator with no equivalent is left to descriptions. */
function constrain(schema: Schema, rules: ValidationMetadata[]): void {
  if (schema.$ref || schema.allOf) return;
  for (const rule of rules) {
    const target = rule.each && schema.type === 'array' ? schema.items : schema;
    if (!target || target.$ref) continue;
    const [first] = (rule.constraints ?? []) as unknown[];
    switch (rule.name) {
      case 'arrayMinSize':
        schema.minItems = first;
        break;
      case 'arrayMaxSize':
        schema.maxItems = first;
        break;
      case 'maxLength':
        target.maxLength = first;
        break;
      case 'minLength':
        target.minLength = first;
        break;
      case 'isNotEmpty':
        target.minLength = Math.max(target.minLength ?? 0, 1);
        break;
      case 'hasText':
        target.pattern ??= '\\S';
        break;
      case 'matches':
        target.pattern = (first as RegExp).source;
        break;
      case 'isIn':
        target.enum = first;
        break;
      case 'isCalendarDate':
        target.format = 'date';
        break;
      case 'isClockTime':
        target.pattern = CLOCK_TIME.source;
        break;
      case 'isDateOrTimestamp':
        delete target.format;
        target.anyOf = [{ format: 'date' }, { format: 'date-time' }];
        break;
      case 'isRFC3339':
        target.format = 'date-time';
        break;
      case 'isBase64':
        target.pattern = BASE64.source;
        break;
      case 'isEmail':
        target.format = 'email';
        break;
      case 'isUUID':
        target.format = 'uuid';
        break;
      case 'isInt':
        target.type = 'integer';
        break;
      case 'min':
        target.minimum = first;
        break;
      case 'max':
        target.maximum = first;
        break;
    }
  }
}

/** Required unless it may be left out: class-validator checks an unconditional property even when absent. */
const isRequired = (rules: ValidationMetadata[]) =>
  !rules.some((rule) => rule.type === 'conditionalValidation');

const byProperty = (metadata: ValidationMetadata[]) => Map.groupBy(metadata, (rule) => rule.propertyName);

const storage = () =>
  getMetadataStorage() as unknown as {
    validationMetadatas: Map<DtoClass, ValidationMetadata[]>;
    getTargetValidationMetadatas(
      target: DtoClass,
      schema: string,
      always: boolean,
      strictGroups: boolean,
    ): ValidationMetadata[];
  };

/** A class's validators, those it inherits included. */
const metadataOf = (dto: DtoClass) => storage().getTargetValidationMetadatas(dto, '', true, false);

/**
 * The validated classes by name, as @nestjs/swagger names their schemas: every class with validators
 * of its own (nested bodies), and the bodies the handlers take, which may inherit theirs.
 */
function validatedClasses(bodies: DtoClass[]): Map<string, ValidationMetadata[]> {
  const classes = [...storage().validationMetadatas.keys(), ...bodies];
  return new Map(classes.map((dto) => [dto.name, metadataOf(dto)]));
}
