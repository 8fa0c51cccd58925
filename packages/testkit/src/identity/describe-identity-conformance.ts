import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { StorageBackend, StorageUnderTest } from '../storage/storage-backend.js';
import { SensitiveValues } from '../vault/sensitive-values.js';
import { defineAccessTokenCases } from './access-token-cases.js';
import { defineAuditCases } from './audit-cases.js';
import { defineAuthorizationCases } from './authorization-cases.js';
import { defineDeviceCases } from './device-cases.js';
import { defineErasureCases } from './erasure-cases.js';
import type { IdentitySuiteContext } from './identity-suite-context.js';
import { defineLockoutCases } from './lockout-cases.js';
import { definePasswordResetCases } from './password-reset-cases.js';
import { defineRateLimitCases } from './rate-limit-cases.js';
import { defineRegistrationCases } from './registration-cases.js';
import { defineSmsCases } from './sms-cases.js';
import { defineStoredDataCases } from './stored-data-cases.js';
import { createSuiteIdentity, type SuiteIdentity } from './suite-identity.js';
import { defineTenantIsolationCases } from './tenant-isolation-cases.js';
import { defineTotpCases } from './totp-cases.js';

/**
 * The identity conformance suite: registration, sign-in, lockout, rate limits, access and refresh
 * tokens, devices, password reset, TOTP, SMS codes, roles, suspension, GDPR export and erasure,
 * tenant isolation and the audit trail over every storage backend, with the real vault, audit
 * log and argon2id — and a scan of every raw row and item the suite wrote for emails, phones,
 * passwords, tokens, TOTP secrets and codes in plaintext. The scan runs last.
 */
export function describeIdentityConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`identity conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      const sensitive = new SensitiveValues();
      const opened: SuiteIdentity[] = [];
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterEach(async () => {
        // Newest first: an identity sharing another's adapters is closed before their owner.
        for (const suiteIdentity of opened.splice(0).reverse()) await suiteIdentity.close();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const created = (): StorageUnderTest => {
        if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
        return underTest;
      };
      const context: IdentitySuiteContext = {
        storage: () => created().storage,
        tamper: () => created().tamper,
        async identity(options) {
          const suiteIdentity = await createSuiteIdentity(created().storage, sensitive, options);
          opened.push(suiteIdentity);
          return suiteIdentity;
        },
        tenant(label = 'identity') {
          const tenantId = freshTenantId(label);
          sensitive.addTenantId(tenantId);
          return tenantId;
        },
        sensitive,
      };
      describe('registration', () => defineRegistrationCases(context));
      describe('lockout', () => defineLockoutCases(context));
      describe('rate limits', () => defineRateLimitCases(context));
      describe('access tokens', () => defineAccessTokenCases(context));
      describe('devices', () => defineDeviceCases(context));
      describe('password reset', () => definePasswordResetCases(context));
      describe('totp', () => defineTotpCases(context));
      describe('sms', () => defineSmsCases(context));
      describe('authorization', () => defineAuthorizationCases(context));
      describe('erasure', () => defineErasureCases(context));
      describe('tenant isolation', () => defineTenantIsolationCases(context));
      describe('audit', () => defineAuditCases(context));
      describe('stored data', () => defineStoredDataCases(context));
    });
  }
}
