import { err, ok, type Result } from '@strongroom/kernel';
import type { z } from 'zod';
import {
  type ProviderPayloadError,
  type ProviderPayloadErrorReason,
  providerPayloadError,
} from './provider-payload-error.js';

/**
 * Parses a provider payload (or a part of it, found at `prefix`) with a zod schema. The first
 * issue becomes a {@link ProviderPayloadError} naming the field by its schema path: the schemas
 * use no records and no strict objects, so a path holds only schema keys and array indices,
 * never a key or a value from the payload.
 */
export function parseProviderPayload<Schema extends z.ZodType>(
  provider: string,
  schema: Schema,
  input: unknown,
  prefix = '',
): Result<z.output<Schema>, ProviderPayloadError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const [issue] = parsed.error.issues;
  if (issue === undefined) return err(providerPayloadError(provider, prefix || ROOT, 'wrong_type'));
  const field = joinField(prefix, issue.path) || ROOT;
  return err(providerPayloadError(provider, field, reasonOf(issue, valueAt(input, issue.path))));
}

// The name of the payload itself, when it is not an object at all.
const ROOT = '$';

/** `prefix` and a path joined as `a.b[0].c`. */
export function joinField(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((field, key) => {
    if (typeof key === 'number') return `${field}[${key}]`;
    const name = String(key);
    return field === '' ? name : `${field}.${name}`;
  }, prefix);
}

function reasonOf(issue: z.core.$ZodIssue, value: unknown): ProviderPayloadErrorReason {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'missing' : 'wrong_type';
    case 'invalid_union':
      return value === undefined ? 'missing' : 'wrong_type';
    case 'too_big':
      return issue.origin === 'string'
        ? 'too_long'
        : issue.origin === 'array'
          ? 'too_many'
          : 'out_of_range';
    case 'too_small':
      return issue.origin === 'string' ? 'empty' : 'out_of_range';
    case 'invalid_value':
      return 'unsupported_value';
    case 'custom':
      return isReason(issue.params?.['reason']) ? issue.params['reason'] : 'bad_format';
    default:
      return 'bad_format';
  }
}

const REASONS: ReadonlySet<string> = new Set<ProviderPayloadErrorReason>([
  'missing',
  'wrong_type',
  'empty',
  'too_long',
  'too_many',
  'bad_format',
  'out_of_range',
  'unsupported_value',
  'unknown_currency',
  'inconsistent',
]);

function isReason(value: unknown): value is ProviderPayloadErrorReason {
  return typeof value === 'string' && REASONS.has(value);
}

// Walks the payload along a schema path to tell a missing field from one of the wrong type.
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (typeof key === 'symbol' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[String(key)];
  }
  return current;
}
