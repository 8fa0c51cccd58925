import { describe } from 'vitest';
import { describeTimedStore } from '../timed-store/describe-timed-store.js';
import { defineBadInputCases } from './bad-input-cases.js';
import { defineBrokenStoreCases } from './broken-store-cases.js';
import { defineExpiryCases } from './expiry-cases.js';
import type { RevocationListBackend } from './revocation-list-backend.js';
import { defineRevokeCases } from './revoke-cases.js';

/**
 * The revocation-list conformance suite: what every adapter of identity's `RevocationList` port
 * guarantees — entries per tenant, kind and id; any-of checks; expiry, with the later expiry kept;
 * store failures as retryable errors (so token verification fails closed); bad entries refused as
 * bugs.
 */
export function describeRevocationListConformance(
  backends: readonly RevocationListBackend[],
): void {
  for (const backend of backends) {
    describeTimedStore('revocation list conformance', 'revocation', backend, {
      working(context) {
        describe('revoking', () => defineRevokeCases(context));
        describe('expiry', () => defineExpiryCases(context));
        describe('bad input', () => defineBadInputCases(context));
      },
      broken: defineBrokenStoreCases,
    });
  }
}
