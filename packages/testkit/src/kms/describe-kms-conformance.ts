import { afterAll, beforeAll, describe } from 'vitest';
import { defineKeyLifecycleCases } from './key-lifecycle-cases.js';
import type { KmsBackend, KmsUnderTest } from './kms-backend.js';
import type { KmsSuiteContext } from './kms-suite-context.js';
import { defineRotationCases } from './rotation-cases.js';
import { defineTamperCases } from './tamper-cases.js';
import { defineWrapCases } from './wrap-cases.js';

/**
 * The KMS conformance suite: what every adapter of the vault's KMS port guarantees — idempotent
 * KEK creation, versioned rotation, data keys bound to their context, tamper and mix-up
 * detection as typed errors, and rewrap. Every case uses fresh KEK names.
 */
export function describeKmsConformance(backends: readonly KmsBackend[]): void {
  for (const backend of backends) {
    describe(`kms conformance: ${backend.name}`, () => {
      let underTest: KmsUnderTest | undefined;
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const context: KmsSuiteContext = {
        kms: () => {
          if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
          return underTest.kms;
        },
      };
      describe('keys', () => defineKeyLifecycleCases(context));
      describe('data keys', () => defineWrapCases(context));
      describe('tampering', () => defineTamperCases(context));
      describe('rotation', () => defineRotationCases(context));
    });
  }
}
