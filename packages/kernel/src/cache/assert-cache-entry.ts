import { assert } from '../errors/assert.js';
import {
  CACHE_KEY_MAX_LENGTH,
  CACHE_TTL_MAX_MS,
  CACHE_VALUE_MAX_BYTES,
} from './key-value-cache.js';
import { isStorableText } from './storable-text.js';

const encoder = new TextEncoder();

/**
 * Checks a cache key as every {@link KeyValueCache} adapter must. The port's error type has no
 * validation errors: keys, values and lifetimes are chosen by code, so a bad one is a bug and
 * throws. Keys are also text every store keeps exactly (see {@link isStorableText}).
 */
export function assertCacheKey(key: string): void {
  assert(
    key.length >= 1 && key.length <= CACHE_KEY_MAX_LENGTH && isStorableText(key),
    `cache keys are 1-${CACHE_KEY_MAX_LENGTH} characters of well-formed text without U+0000`,
  );
}

/** Checks a value and its time to live before a cache stores them; see {@link assertCacheKey}. */
export function assertCacheEntry(value: string, ttlMs: number): void {
  assert(
    isStorableText(value) && encoder.encode(value).byteLength <= CACHE_VALUE_MAX_BYTES,
    `cache values are well-formed text without U+0000, up to ${CACHE_VALUE_MAX_BYTES} UTF-8 bytes`,
  );
  assert(
    Number.isSafeInteger(ttlMs) && ttlMs >= 1 && ttlMs <= CACHE_TTL_MAX_MS,
    `a cache time to live is an integer from 1 to ${CACHE_TTL_MAX_MS} ms`,
  );
}
