import { describe } from 'vitest';
import { describeTimedStore } from '../timed-store/describe-timed-store.js';
import { defineBadInputCases } from './bad-input-cases.js';
import { defineBrokenStoreCases } from './broken-store-cases.js';
import { defineClaimCases } from './claim-cases.js';
import { defineConcurrencyCases } from './concurrency-cases.js';
import { defineExpiryCases } from './expiry-cases.js';
import type { IdempotencyStoreBackend } from './idempotency-store-backend.js';
import { defineLeaseCases } from './lease-cases.js';

/**
 * The idempotency-store conformance suite: what every adapter of kernel's `IdempotencyStore` port
 * guarantees — exactly one of concurrent claims of a key granted, responses replayed exactly to
 * the same fingerprint and refused to another, leases that end and are lost, completion once,
 * release, expiry from completion, per tenant and key; store failures as typed errors; bad input
 * refused as bugs.
 */
export function describeIdempotencyStoreConformance(
  backends: readonly IdempotencyStoreBackend[],
): void {
  for (const backend of backends) {
    describeTimedStore('idempotency store conformance', 'idem', backend, {
      working(context) {
        describe('claims', () => defineClaimCases(context));
        describe('concurrency', () => defineConcurrencyCases(context));
        describe('leases', () => defineLeaseCases(context));
        describe('expiry', () => defineExpiryCases(context));
        describe('bad input', () => defineBadInputCases(context));
      },
      broken: defineBrokenStoreCases,
    });
  }
}
