import type { Storage } from '@strongroom/kernel';
import { afterAll, beforeAll, describe } from 'vitest';
import { defineCommitAndRollbackCases } from './commit-and-rollback-cases.js';
import { defineConcurrencyCases } from './concurrency-cases.js';
import { defineLimitCases } from './limit-cases.js';
import { defineListingCases } from './listing-cases.js';
import { defineNestingCases } from './nesting-cases.js';
import { defineOutboxCases } from './outbox-cases.js';
import type { StorageBackend, StorageUnderTest } from './storage-backend.js';
import { defineTenantIsolationCases } from './tenant-isolation-cases.js';
import { defineVersionCases } from './version-cases.js';

/**
 * The storage conformance suite: every case runs once per backend, like kysely's tests run over
 * its `DIALECTS`. A third-party adapter is conformant when this passes with its backend listed.
 * One storage is created per backend; each case works in tenants of its own.
 */
export function describeStorageConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`storage conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const context = {
        storage(): Storage {
          if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
          return underTest.storage;
        },
      };
      describe('commit and rollback', () => defineCommitAndRollbackCases(context));
      describe('versions', () => defineVersionCases(context));
      describe('listings', () => defineListingCases(context));
      describe('outbox', () => defineOutboxCases(context));
      describe('tenant isolation', () => defineTenantIsolationCases(context));
      describe('concurrency', () => defineConcurrencyCases(context));
      describe('limits', () => defineLimitCases(context));
      describe('nesting', () => defineNestingCases(context));
    });
  }
}
