import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { StorageBackend, StorageUnderTest } from '../storage/storage-backend.js';
import { defineCardCases } from './card-cases.js';
import { defineFieldCases } from './field-cases.js';
import { defineKeyCases } from './key-cases.js';
import { defineSecurityCodeCases } from './security-code-cases.js';
import { SensitiveValues } from './sensitive-values.js';
import { defineStoredDataCases } from './stored-data-cases.js';
import { createSuiteVault, type SuiteVault } from './suite-vault.js';
import { SUITE_CARDHOLDER_NAME } from './test-cards.js';
import type { VaultSuiteContext } from './vault-suite-context.js';

/**
 * The vault conformance suite: the card vault, security codes, personal fields and key rotation
 * over every storage backend, with a real audit log and the software KMS — and a scan of every
 * raw row and item the suite wrote for card numbers, security codes, names, field values, keys and
 * secrets in plaintext. The scan runs last and reads what every earlier case stored.
 */
export function describeVaultConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`vault conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      const sensitive = new SensitiveValues();
      sensitive.addText(SUITE_CARDHOLDER_NAME);
      const opened: SuiteVault[] = [];
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterEach(async () => {
        // Newest first: a vault sharing another's KMS is closed before the KMS is.
        for (const suiteVault of opened.splice(0).reverse()) await suiteVault.close();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const created = (): StorageUnderTest => {
        if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
        return underTest;
      };
      const context: VaultSuiteContext = {
        storage: () => created().storage,
        tamper: () => created().tamper,
        async vault(options) {
          const suiteVault = await createSuiteVault(created().storage, sensitive, options);
          opened.push(suiteVault);
          return suiteVault;
        },
        tenant(label = 'vault') {
          const tenantId = freshTenantId(label);
          sensitive.addTenantId(tenantId);
          return tenantId;
        },
        sensitive,
      };
      describe('cards', () => defineCardCases(context));
      describe('security codes', () => defineSecurityCodeCases(context));
      describe('fields', () => defineFieldCases(context));
      describe('keys', () => defineKeyCases(context));
      describe('stored data', () => defineStoredDataCases(context));
    });
  }
}
