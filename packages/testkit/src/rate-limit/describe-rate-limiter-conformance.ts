import { describe } from 'vitest';
import { describeTimedStore } from '../timed-store/describe-timed-store.js';
import { defineBadInputCases } from './bad-input-cases.js';
import { defineBrokenStoreCases } from './broken-store-cases.js';
import { defineConcurrencyCases } from './concurrency-cases.js';
import { defineBrokenStoreConsumeManyCases, defineConsumeManyCases } from './consume-many-cases.js';
import { defineCountingCases } from './counting-cases.js';
import type { RateLimiterBackend } from './rate-limiter-backend.js';
import { defineWindowCases } from './window-cases.js';

/**
 * The rate-limiter conformance suite: what every adapter of kernel's `RateLimiter` port
 * guarantees — points counted per tenant, policy and key; fixed windows from a key's first
 * consumption; blocks; reset; no overspending under concurrency; several limits of one request
 * counted together (`consumeMany`); fail-closed and fail-open
 * policies when the store fails; bad keys and policies refused as bugs.
 */
export function describeRateLimiterConformance(backends: readonly RateLimiterBackend[]): void {
  for (const backend of backends) {
    describeTimedStore('rate limiter conformance', 'ratelimit', backend, {
      working(context) {
        describe('counting', () => defineCountingCases(context));
        describe('windows', () => defineWindowCases(context));
        describe('concurrency', () => defineConcurrencyCases(context));
        describe('consumeMany', () => defineConsumeManyCases(context));
        describe('bad input', () => defineBadInputCases(context));
      },
      broken(context) {
        defineBrokenStoreCases(context);
        defineBrokenStoreConsumeManyCases(context);
      },
    });
  }
}
