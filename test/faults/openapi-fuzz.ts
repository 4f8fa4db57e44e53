// Requests generated from the api's own OpenAPI document (GET /docs-json): every operation, with
// path, query, header and body values shaped by its schemas, mostly near valid and sometimes not.
import fc from 'fast-check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
}

export interface GeneratedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Printable ASCII: what an HTTP header may carry. */
const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 300 });
/** Anything JSON can say, for where a schema is ignored on purpose. */
const wild = fc.jsonValue({ maxDepth: 2 });

const DATES = ['2020-02-29', '1970-01-01', '9999-12-31', '2026-13-40', new Date().toISOString().slice(0, 10)];

/** Values for a schema: valid-looking ones four times in five. */
function valuesOf(schema: Schema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valuesOf(doc.components.schemas[schema.$ref.split('/').pop()!], doc, depth);
  if (schema.allOf) return valuesOf(schema.allOf[0], doc, depth);
  if (depth > 5) return wild;
  return fc.oneof({ arbitrary: shaped(schema, doc, depth), weight: 4 }, { arbitrary: wild, weight: 1 });
}

function shaped(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'object': {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      if (!properties.length) return fc.dictionary(fc.string({ maxLength: 8 }), wild, { maxKeys: 3 });
      return fc.record(
        Object.fromEntries(properties.map(([name, property]) => [name, valuesOf(property, doc, depth + 1)])),
        { requiredKeys: (schema.required ?? []) as string[] },
      );
    }
    case 'array':
      return fc.array(valuesOf(schema.items ?? {}, doc, depth + 1), { maxLength: 4 });
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 300 }), fc.integer(), fc.double());
    case 'boolean':
      return fc.boolean();
    default:
      return strings(schema);
  }
}

function strings(schema: Schema): fc.Arbitrary<string> {
  const near: fc.Arbitrary<string>[] = [fc.string({ maxLength: 40 })];
  if (schema.example !== undefined) near.push(fc.constant(String(schema.example)));
  if (schema.format === 'uuid') near.push(fc.uuid());
  if (schema.format === 'date') near.push(fc.constantFrom(...DATES));
  if (schema.format === 'date-time') near.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  return fc.oneof(...near);
}

/** One arbitrary per operation of the document; `ids` are variations worth aiming at. */
export function requestsFrom(doc: OpenApiDocument, ids: string[]): fc.Arbitrary<GeneratedRequest> {
  const ops: fc.Arbitrary<GeneratedRequest>[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation.parameters ?? []) as Schema[];
      const inPlace = (where: string) => parameters.filter((p) => p.in === where);
      const pathValues = fc.record(
        Object.fromEntries(
          inPlace('path').map((p) => [
            p.name,
            fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.string({ maxLength: 40 })),
          ]),
        ),
      );
      const query = fc.record(
        Object.fromEntries(inPlace('query').map((p) => [p.name, valuesOf(p.schema ?? {}, doc)])),
        { requiredKeys: [] },
      );
      const headers = fc.record(Object.fromEntries(inPlace('header').map((p) => [p.name, headerText])), {
        requiredKeys: [],
      });
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      const body = schema ? fc.option(valuesOf(schema, doc), { freq: 10 }) : fc.constant(undefined);
      ops.push(
        fc.record({ pathValues, query, headers, body }).map(({ pathValues, query, headers, body }) => ({
          method: method.toUpperCase(),
          path: `${template.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(String((pathValues as Record<string, unknown>)[name])),
          )}${queryString(query)}`,
          headers,
          body: body ?? undefined,
        })),
      );
    }
  }
  return fc.oneof(...ops);
}

function queryString(query: Record<string, unknown>): string {
  const entries = Object.entries(query).map(([name, value]): [string, string] => [
    name,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
