import { describe } from 'vitest';
import { describeTimedStore } from '../timed-store/describe-timed-store.js';
import { defineBadInputCases } from './bad-input-cases.js';
import { defineBrokenStoreCases } from './broken-store-cases.js';
import { defineEntryCases } from './entry-cases.js';
import { defineExpiryCases } from './expiry-cases.js';
import type { KeyValueCacheBackend } from './key-value-cache-backend.js';

/**
 * The cache conformance suite: what every adapter of kernel's `KeyValueCache` port guarantees —
 * values returned exactly, replaced, deleted and expired on time, per tenant and key; store
 * failures as typed errors; bad keys, values and lifetimes refused as bugs.
 */
export function describeKeyValueCacheConformance(backends: readonly KeyValueCacheBackend[]): void {
  for (const backend of backends) {
    describeTimedStore('key-value cache conformance', 'cache', backend, {
      working(context) {
        describe('entries', () => defineEntryCases(context));
        describe('expiry', () => defineExpiryCases(context));
        describe('bad input', () => defineBadInputCases(context));
      },
      broken: defineBrokenStoreCases,
    });
  }
}
