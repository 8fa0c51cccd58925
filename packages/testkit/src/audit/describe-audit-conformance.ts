import { afterAll, beforeAll, describe } from 'vitest';
import type { StorageBackend, StorageUnderTest } from '../storage/storage-backend.js';
import type { AuditSuiteContext } from './audit-suite-context.js';
import { defineErasureCases } from './erasure-cases.js';
import { defineProofCases } from './proof-cases.js';
import { defineSequencingCases } from './sequencing-cases.js';
import { defineTamperCases } from './tamper-cases.js';

/**
 * The audit conformance suite: the transparency log's guarantees on every backend — sequencing,
 * proofs, tamper detection through raw access below the port, and erasure.
 */
export function describeAuditConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`audit conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const created = (): StorageUnderTest => {
        if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
        return underTest;
      };
      const context: AuditSuiteContext = {
        storage: () => created().storage,
        tamper: () => created().tamper,
      };
      describe('sequencing', () => defineSequencingCases(context));
      describe('proofs', () => defineProofCases(context));
      describe('tampering', () => defineTamperCases(context));
      describe('erasure', () => defineErasureCases(context));
    });
  }
}
