import { afterAll, beforeAll, describe } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { StorageBackend, StorageUnderTest } from '../storage/storage-backend.js';
import { defineBatchCases } from './batch-cases.js';
import { defineDeadlineCases } from './deadline-cases.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import { defineMoneyCases } from './money-cases.js';
import { definePropertyCases } from './property-cases.js';
import { defineProviderCases } from './provider-cases.js';
import { defineQueryCases } from './query-cases.js';
import { defineRefusalCases } from './refusal-cases.js';
import { createSuiteDisputes } from './suite-disputes.js';

// The cases run on the engine as shipped (group commit) and with one commit per command, which
// hosts can choose and which the group commit falls back to.
const COMMIT_MODES = [
  { name: 'group commit (default)', options: {} },
  { name: 'one commit per command', options: { autoBatch: false } },
] as const;

/**
 * The disputes conformance suite: chargebacks moving money through the real ledger in the
 * dispute's own transaction, every refusal leaving nothing behind, deadlines, reminders and the
 * expiry sweep, provider notices, the timeline and list queries, and random command sequences
 * that must keep the books — on every storage backend, each case with a tenant of its own.
 */
export function describeDisputesConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`disputes conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      // A case's own `autoBatch` wins over its commit mode's.
      const contextIn = (mode: (typeof COMMIT_MODES)[number]): DisputesSuiteContext => ({
        engine(options = {}) {
          if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
          return createSuiteDisputes(underTest.storage, freshTenantId('disputes'), {
            ...mode.options,
            ...options,
          });
        },
      });
      for (const mode of COMMIT_MODES) {
        describe(mode.name, () => {
          const context = contextIn(mode);
          describe('money', () => defineMoneyCases(context));
          describe('refusals', () => defineRefusalCases(context));
          describe('deadlines', () => defineDeadlineCases(context));
          describe('provider notices', () => defineProviderCases(context));
          describe('queries', () => defineQueryCases(context));
          describe('properties', () => definePropertyCases(context));
        });
      }
      // Every group-commit case names its own batch options, so one commit mode runs them all.
      describe('group commit', () => defineBatchCases(contextIn(COMMIT_MODES[0])));
    });
  }
}
