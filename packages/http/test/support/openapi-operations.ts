import fc from 'fast-check';
import type { HttpHarness } from './http-harness.js';

/** A JSON Schema node of the served document, read loosely: the tests only follow what it says. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A parameter of an operation. */
export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** One operation of the served OpenAPI document. */
export interface OpenApiOperation {
  /** Upper case, as a request sends it. */
  readonly method: string;
  /** The document's path template (`/v1/disputes/{disputeId}`). */
  readonly path: string;
  /** `METHOD path`, the name tests key their tables by. */
  readonly key: string;
  /** Whether the operation declares a security requirement (a bearer token). */
  readonly secured: boolean;
  readonly parameters: readonly OpenApiParameter[];
  /** The JSON request body's schema, when the operation takes one. */
  readonly body: JsonSchema | undefined;
}

/** The served document and its operations, in document order. */
export interface ServedOpenApi {
  readonly document: JsonSchema;
  readonly operations: readonly OpenApiOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

function record(value: unknown): JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonSchema)
    : {};
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads every operation from `GET /v1/openapi.json`, so tests cover each route the API serves. */
export async function servedOpenApi(harness: HttpHarness): Promise<ServedOpenApi> {
  const response = await harness.request('GET', '/v1/openapi.json');
  if (response.status !== 200) throw new Error(`the document answered ${response.status}`);
  const document = record(response.body);
  const operations: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(record(document['paths']))) {
    for (const method of METHODS) {
      const operation = record(record(item)[method]);
      if (Object.keys(operation).length === 0) continue;
      const parameters = list(operation['parameters']).map((raw) => {
        const parameter = record(resolve(document, record(raw)));
        return {
          name: String(parameter['name']),
          in: parameter['in'] as OpenApiParameter['in'],
          required: parameter['required'] === true,
          schema: record(parameter['schema']),
        };
      });
      const content = record(record(operation['requestBody'])['content']);
      const json = content['application/json'];
      operations.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        secured: list(operation['security']).length > 0,
        parameters,
        body: json === undefined ? undefined : record(record(json)['schema']),
      });
    }
  }
  return { document, operations };
}

/** Follows a local `$ref` (`#/components/schemas/Name`) to the node it names. */
export function resolve(document: JsonSchema, schema: JsonSchema): JsonSchema {
  let node = schema;
  for (let hops = 0; typeof node['$ref'] === 'string'; hops += 1) {
    if (hops > 16) throw new Error('a $ref chain longer than 16');
    const pointer = (node['$ref'] as string).replace(/^#\//, '').split('/');
    let target: unknown = document;
    for (const part of pointer)
      target = record(target)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    node = record(target);
  }
  return node;
}

/**
 * A value as one URL-encoded path segment. A URL cannot carry an unpaired surrogate, so it is
 * sent as U+FFFD, as a browser would.
 */
export function pathSegment(value: string): string {
  return encodeURIComponent(value.toWellFormed());
}

/** The operation's path with each `{name}` replaced by its value, URL-encoded. */
export function pathWith(
  operation: OpenApiOperation,
  values: Readonly<Record<string, string>>,
): string {
  return rawPathWith(
    operation,
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, pathSegment(value)])),
  );
}

/** The operation's path with each `{name}` replaced by its value as is (already encoded, or not). */
export function rawPathWith(
  operation: OpenApiOperation,
  segments: Readonly<Record<string, string>>,
): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_template, name: string) => {
    const segment = segments[name];
    if (segment === undefined) throw new Error(`no value for the path parameter ${name}`);
    return segment;
  });
}

/** The names of an operation's parameters in `where`. */
export function parameterNames(
  operation: OpenApiOperation,
  where: OpenApiParameter['in'],
): string[] {
  return operation.parameters
    .filter((parameter) => parameter.in === where)
    .map((parameter) => parameter.name);
}

/** How {@link schemaArbitrary} builds values. */
export interface SchemaArbitraryOptions {
  /**
   * Real ids by TypeID prefix (`acc`, `trf`): a string whose pattern starts with `^<prefix>_`
   * sometimes takes one, so generated requests reach existing records, not only unknown ids.
   */
  readonly knownIds?: Readonly<Record<string, readonly string[]>>;
  /** Values for properties of a name wherever they occur (`pan`: card numbers, not any string). */
  readonly properties?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Replaces a node's value now and then (hostile inputs inside an otherwise valid shape). */
  readonly mutate?: (conforming: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>;
}

/** Longest generated free-text string and largest generated array: enough to vary, cheap to send. */
const STRING_LENGTH_CAP = 48;
const ARRAY_LENGTH_CAP = 3;
/** Deepest schema nesting followed; deeper nodes become arbitrary JSON. */
const SCHEMA_DEPTH_MAX = 12;

// A readable character now and then replaced by one that storages or terminals treat specially.
const ODD_CHARACTER = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\ud800',
      '\udfff',
      '\u001b',
      '\u007f',
      '\u202e',
      '\ufeff',
      '\u2028',
    ),
  },
);

/**
 * Text a schema without a pattern accepts: mostly readable graphemes, sometimes NUL, unpaired
 * surrogates and other odd characters, which storages refuse in ways a schema never sees.
 */
function freeText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: ODD_CHARACTER }) },
  );
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringArbitrary(
  schema: JsonSchema,
  options: SchemaArbitraryOptions,
): fc.Arbitrary<unknown> {
  const pattern = schema['pattern'];
  if (typeof pattern === 'string') {
    const matching = fc.stringMatching(new RegExp(pattern));
    const prefix = /^\^([a-z]+)_/.exec(pattern)?.[1];
    const known = prefix === undefined ? [] : (options.knownIds?.[prefix] ?? []);
    return known.length === 0 ? matching : fc.oneof(matching, fc.constantFrom(...known));
  }
  switch (schema['format']) {
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    default: {
      const minLength = numberOr(schema['minLength'], 0);
      const maxLength = Math.max(
        minLength,
        Math.min(numberOr(schema['maxLength'], STRING_LENGTH_CAP), STRING_LENGTH_CAP),
      );
      return freeText(minLength, maxLength);
    }
  }
}

function numericArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const exclusiveMinimum = schema['exclusiveMinimum'];
  const exclusiveMaximum = schema['exclusiveMaximum'];
  let min = numberOr(schema['minimum'], Number.MIN_SAFE_INTEGER);
  let max = numberOr(schema['maximum'], Number.MAX_SAFE_INTEGER);
  if (typeof exclusiveMinimum === 'number') min = exclusiveMinimum + (integer ? 1 : Number.EPSILON);
  if (typeof exclusiveMaximum === 'number') max = exclusiveMaximum - (integer ? 1 : Number.EPSILON);
  return integer
    ? fc.integer({
        min: Math.max(min, Number.MIN_SAFE_INTEGER),
        max: Math.min(max, Number.MAX_SAFE_INTEGER),
      })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectArbitrary(
  document: JsonSchema,
  schema: JsonSchema,
  options: SchemaArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = record(schema['properties']);
  const required = new Set(list(schema['required']).map(String));
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const override = options.properties?.[name];
    // An `id` property names the record a request creates: an existing one would only collide.
    const childOptions = name === 'id' ? { ...options, knownIds: {} } : options;
    const conforming = arbitraryOf(document, record(property), childOptions, depth + 1);
    shape[name] = override === undefined ? conforming : fc.oneof(override, conforming);
  }
  const declared = fc.record(shape, {
    requiredKeys: [...required].filter((name) => name in shape),
  });
  const extra = schema['additionalProperties'];
  if (extra === undefined || extra === false || Object.keys(properties).length > 0) return declared;
  // A free-form map (`additionalProperties: {}` or a schema): a few entries of its value schema.
  return fc.dictionary(freeText(1, 16), arbitraryOf(document, record(extra), options, depth + 1), {
    maxKeys: ARRAY_LENGTH_CAP,
  });
}

function arbitraryOf(
  document: JsonSchema,
  raw: JsonSchema,
  options: SchemaArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const conforming = ((): fc.Arbitrary<unknown> => {
    if (depth > SCHEMA_DEPTH_MAX) return fc.jsonValue({ maxDepth: 2 });
    if ('const' in schema) return fc.constant(schema['const']);
    if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
    const alternatives = [...list(schema['oneOf']), ...list(schema['anyOf'])];
    if (alternatives.length > 0) {
      return fc.oneof(
        ...alternatives.map((item) => arbitraryOf(document, record(item), options, depth + 1)),
      );
    }
    const all = list(schema['allOf']);
    if (all.length > 0) {
      // Every part must hold: their keywords together (an enum `$ref` plus a description, or
      // object parts whose properties add up).
      const parts = all.map((item) => resolve(document, record(item)));
      const { allOf: _parts, ...own } = schema;
      const merged: Record<string, unknown> = Object.assign({}, ...parts, own);
      const properties = parts.map((part) => record(part['properties']));
      if (properties.some((part) => Object.keys(part).length > 0)) {
        merged['properties'] = Object.assign({}, ...properties);
        merged['required'] = parts.flatMap((part) => list(part['required']));
      }
      // The merged node is mutated once, below, not again inside.
      const { mutate: _mutate, ...unmutated } = options;
      return arbitraryOf(document, merged, unmutated, depth + 1);
    }
    const types = Array.isArray(schema['type'])
      ? schema['type'].map(String)
      : [String(schema['type'] ?? 'any')];
    const byType = types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringArbitrary(schema, options);
        case 'integer':
          return numericArbitrary(schema, true);
        case 'number':
          return numericArbitrary(schema, false);
        case 'boolean':
          // Mostly false: flags default to off, and most combinations of them are refused.
          return fc.oneof(
            { weight: 3, arbitrary: fc.constant(false) },
            { weight: 1, arbitrary: fc.constant(true) },
          );
        case 'null':
          return fc.constant(null);
        case 'array': {
          const minLength = numberOr(schema['minItems'], 0);
          const maxLength = Math.max(
            minLength,
            Math.min(numberOr(schema['maxItems'], ARRAY_LENGTH_CAP), ARRAY_LENGTH_CAP),
          );
          return fc.array(arbitraryOf(document, record(schema['items']), options, depth + 1), {
            minLength,
            maxLength,
          });
        }
        case 'object':
          return objectArbitrary(document, schema, options, depth);
        default:
          return 'properties' in schema
            ? objectArbitrary(document, schema, options, depth)
            : fc.jsonValue({ maxDepth: 2 });
      }
    });
    return byType.length === 1 && byType[0] !== undefined ? byType[0] : fc.oneof(...byType);
  })();
  return options.mutate === undefined ? conforming : options.mutate(conforming);
}

/**
 * Values of a JSON Schema of the document: conforming ones (patterns, bounds, enums, required
 * keys), each node optionally passed through `options.mutate` so most of a value stays valid and
 * one part turns hostile, which is how inputs get past the schema and into the domain.
 */
export function schemaArbitrary(
  document: JsonSchema,
  schema: JsonSchema,
  options: SchemaArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  return arbitraryOf(document, schema, options, 0);
}
