import { canonicalJson } from '@strongroom/audit';
import {
  isStorableText,
  type JsonObject,
  type JsonValue,
  jsonByteLength,
} from '@strongroom/kernel';
import { LEDGER_METADATA_MAX_BYTES, LEDGER_METADATA_MAX_DEPTH } from './ledger-limits.js';

// Nodes walked before giving up: bounds the work on a hostile value before its size is known
// (4 KiB of JSON cannot hold more than ~2k nodes).
const METADATA_MAX_NODES = 4096;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

interface WalkBudget {
  nodes: number;
  // UTF-16 code units of every string and key: each takes at least one byte when serialized.
  characters: number;
}

function isJson(value: unknown, depth: number, budget: WalkBudget): boolean {
  budget.nodes += 1;
  if (budget.nodes > METADATA_MAX_NODES || depth > LEDGER_METADATA_MAX_DEPTH) return false;
  if (value === null || typeof value === 'boolean') return true;
  // NUL and lone surrogates would be refused or altered by Postgres's jsonb and DynamoDB.
  if (typeof value === 'string') {
    budget.characters += value.length;
    return isStorableText(value);
  }
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1, budget));
  if (typeof value !== 'object' || !isPlainObject(value)) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  return Object.entries(value).every(([key, item]) => {
    budget.characters += key.length;
    return isStorableText(key) && isJson(item, depth + 1, budget);
  });
}

/** The outcome of checking caller metadata. */
export type MetadataCheck =
  | { readonly ok: true; readonly metadata: JsonObject; readonly canonical: string }
  | { readonly ok: false; readonly reason: 'metadata_invalid' | 'metadata_too_large' };

/**
 * Checks untrusted metadata: a plain JSON object (finite numbers, no class instances, at most
 * `LEDGER_METADATA_MAX_DEPTH` deep) of at most `LEDGER_METADATA_MAX_BYTES` canonical bytes.
 * Returns a detached copy, so that a caller mutating its object later cannot change a record.
 */
export function checkMetadata(value: unknown): MetadataCheck {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, reason: 'metadata_invalid' };
    const budget: WalkBudget = { nodes: 0, characters: 0 };
    if (!isJson(value, 0, budget)) return { ok: false, reason: 'metadata_invalid' };
    // A megabyte string is refused without serializing it.
    if (budget.characters > LEDGER_METADATA_MAX_BYTES)
      return { ok: false, reason: 'metadata_too_large' };
    if (jsonByteLength(value as JsonValue) > LEDGER_METADATA_MAX_BYTES)
      return { ok: false, reason: 'metadata_too_large' };
    const canonical = canonicalJson(value as JsonValue);
    return { ok: true, metadata: JSON.parse(canonical) as JsonObject, canonical };
  } catch {
    // A hostile getter or proxy inside the value.
    return { ok: false, reason: 'metadata_invalid' };
  }
}

/** Canonical JSON of stored metadata, for idempotency comparisons. */
export function canonicalMetadata(metadata: JsonObject): string {
  return canonicalJson(metadata);
}
