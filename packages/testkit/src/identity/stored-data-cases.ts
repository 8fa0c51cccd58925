import { AUDIT_COLLECTIONS } from '@strongroom/audit';
import { IDENTITY_COLLECTIONS } from '@strongroom/identity';
import { parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { SensitiveValues } from '../vault/sensitive-values.js';
import { dumpedRowCollection, type ScanFinding, scanDump } from '../vault/stored-data-scan.js';
import { drainAudit } from '../vault/vault-suite-context.js';
import {
  attemptLogin,
  currentTotpCode,
  enrollTotp,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson, randomHex } from './suite-person.js';

function summary(findings: readonly ScanFinding[]): string[] {
  return findings.map((finding) => `${finding.collection ?? '(unknown layout)'}: ${finding.what}`);
}

/**
 * The scan of every raw row and item the suite wrote: first proof that it finds identity's
 * secrets planted below the port of this backend, then a workload of every identity command and
 * the scan itself, over what every earlier case stored as well. Runs last in a backend's suite.
 * The scan is the vault suite's (`scanDump`): emails, phones, passwords, tokens, TOTP secrets and
 * recovery codes are searched as texts, SMS codes as short codes in a revealing context.
 */
export function defineStoredDataCases(context: IdentitySuiteContext): void {
  it('finds identity secrets planted below the port in this backend’s raw dump', async () => {
    const tamper = context.tamper();
    const tenantId = context.tenant('planted');
    const planted = new SensitiveValues();
    for (const known of context.sensitive.tenantIds) planted.addTenantId(known);
    const email = newPerson('planted').email;
    const token = randomHex(32);
    const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    planted.addText(email);
    planted.addText(token);
    planted.addText(totpSecret);
    planted.addSecurityCode('482913');
    const rows = [
      [IDENTITY_COLLECTIONS.users, 'planted-1', { note: `mailto:${email.toUpperCase()}` }],
      [IDENTITY_COLLECTIONS.tokens, 'planted-2', { token }],
      [IDENTITY_COLLECTIONS.users, 'planted-3', { mfa: { totp: totpSecret } }],
      [IDENTITY_COLLECTIONS.mfaChallenges, 'planted-4', { smsCode: '482913' }],
    ] as const;
    for (const [collection, id, data] of rows) await tamper.insert(tenantId, collection, id, data);

    const findings = scanDump(await tamper.dump(), planted);
    expect(summary(findings).sort()).toEqual(
      [
        `${IDENTITY_COLLECTIONS.users}: name or field value #0`,
        `${IDENTITY_COLLECTIONS.tokens}: name or field value #1`,
        `${IDENTITY_COLLECTIONS.users}: name or field value #2`,
        `${IDENTITY_COLLECTIONS.mfaChallenges}: security code of 6 digits`,
      ].sort(),
    );
    for (const [collection, id] of rows) await tamper.remove(tenantId, collection, id);
    expect(scanDump(await tamper.dump(), planted)).toEqual([]);
  });

  it('stores no email, phone, password, token, TOTP secret or code in plaintext', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant('scan');
    const [ada, bob] = [newPerson('ada'), newPerson('bob')];
    const adaId = await registerVerified(suite, tenantId, ada, { withPhone: true });
    const first = await signIn(suite, tenantId, ada, { device: { label: 'Ada’s workstation' } });
    (await suite.identity.refresh({ tenantId, refreshToken: first.refreshToken }))._unsafeUnwrap();
    const principal = await principalOf(suite, await signIn(suite, tenantId, ada));
    const enrollment = await enrollTotp(suite, principal);
    unwrapOrThrow(await suite.identity.mfa.enableSms(principal));
    const challenge = (await attemptLogin(suite, tenantId, ada))._unsafeUnwrap();
    if (challenge.status !== 'mfa_required') throw new Error('expected a second-factor challenge');
    (
      await suite.identity.mfa.completeLogin({
        tenantId,
        mfaToken: challenge.mfaToken,
        method: 'totp',
        code: currentTotpCode(suite, enrollment),
      })
    )._unsafeUnwrap();
    // A pending sign-in keeps its SMS code on record (as a salted hash).
    const pending = (await attemptLogin(suite, tenantId, ada))._unsafeUnwrap();
    if (pending.status !== 'mfa_required') throw new Error('expected a second-factor challenge');
    unwrapOrThrow(
      await suite.identity.mfa.sendLoginSmsCode({ tenantId, mfaToken: pending.mfaToken }),
    );
    unwrapOrThrow(await suite.identity.requestPasswordReset({ tenantId, email: ada.email }));
    const token = suite.mailbox.secretFor(ada.email, 'password_reset');
    const { password: newPassword } = newPerson('ada-new');
    unwrapOrThrow(await suite.identity.resetPassword({ tenantId, token, newPassword }));
    unwrapOrThrow(await suite.identity.exportUser(principal, adaId));
    const bobId = await registerVerified(suite, tenantId, bob, { withPhone: true });
    const bobPrincipal = await principalOf(suite, await signIn(suite, tenantId, bob));
    unwrapOrThrow(await suite.identity.logout(bobPrincipal));
    unwrapOrThrow(await suite.identity.eraseUser(bobPrincipal, bobId));
    // Sequence the logs too, so entries, tiles and checkpoints are scanned as well.
    const systemTenant: TenantId = unwrapOrThrow(parseTenantId('system'));
    for (const tenant of [tenantId, systemTenant]) await drainAudit(suite.audit, tenant);

    const rows = await context.tamper().dump();
    const collections = new Set(rows.map(dumpedRowCollection));
    const written = [
      IDENTITY_COLLECTIONS.users,
      IDENTITY_COLLECTIONS.emails,
      IDENTITY_COLLECTIONS.tokens,
      IDENTITY_COLLECTIONS.devices,
      IDENTITY_COLLECTIONS.userDevices,
      IDENTITY_COLLECTIONS.sessions,
      IDENTITY_COLLECTIONS.refreshTokens,
      IDENTITY_COLLECTIONS.mfaChallenges,
      AUDIT_COLLECTIONS.entries,
      AUDIT_COLLECTIONS.subjects,
    ];
    for (const collection of written) {
      expect(collections.has(collection), `the dump holds ${collection} rows`).toBe(true);
    }
    const { sensitive } = context;
    expect(sensitive.texts).toEqual(
      expect.arrayContaining([ada.email, ada.phone, ada.phoneE164, ada.password, newPassword]),
    );
    expect(sensitive.securityCodes.length).toBeGreaterThan(0);
    expect(summary(scanDump(rows, sensitive))).toEqual([]);
  });
}
