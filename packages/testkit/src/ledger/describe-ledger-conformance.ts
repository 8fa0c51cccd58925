import { afterAll, beforeAll, describe } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { StorageBackend, StorageUnderTest } from '../storage/storage-backend.js';
import { defineAccountCases } from './account-cases.js';
import { defineBadInputCases } from './bad-input-cases.js';
import { defineBatchCases } from './batch-cases.js';
import { defineJournalCases } from './journal-cases.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';
import { definePendingCases } from './pending-cases.js';
import { definePropertyCases } from './property-cases.js';
import { defineQueryCases } from './query-cases.js';
import { defineRecordCases } from './record-cases.js';
import { createSuiteLedger } from './suite-ledger.js';
import { defineTransferCases } from './transfer-cases.js';

/**
 * The ledger conformance suite: TigerBeetle's transfer semantics (result codes, idempotency,
 * burned ids, limits, closing, linked chains, two-phase transfers with expiry), multi-leg journal
 * entries, queries, bad input, the outbox events and audit leaves of every command, and a
 * property test of the money invariants over random command sequences — on every backend, each
 * case with a real audit log, a fake clock and a tenant of its own.
 */
export function describeLedgerConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`ledger conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const storage = () => {
        if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
        return underTest.storage;
      };
      const context: LedgerSuiteContext = {
        storage,
        books: (options) => createSuiteLedger(storage(), freshTenantId('ledger'), options),
      };
      describe('accounts', () => defineAccountCases(context));
      describe('transfers', () => defineTransferCases(context));
      describe('batches and linked chains', () => defineBatchCases(context));
      describe('pending transfers', () => definePendingCases(context));
      describe('journal entries and balancing', () => defineJournalCases(context));
      describe('queries', () => defineQueryCases(context));
      describe('bad input', () => defineBadInputCases(context));
      describe('outbox and audit', () => defineRecordCases(context));
      describe('properties', () => definePropertyCases(context));
    });
  }
}
