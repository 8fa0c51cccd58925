import { expect, it } from 'vitest';
import { provenAuditEntries } from '../vault/vault-suite-context.js';
import {
  attemptLogin,
  enrollTotp,
  failureOf,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

/** Every identity command leaves a leaf in the tenant's tamper-evident audit log. */
export function defineAuditCases(context: IdentitySuiteContext): void {
  it('logs registration, verification and sign-in in a log that verifies', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const userId = await registerVerified(suite, tenantId, ada);
    const signedIn = await signIn(suite, tenantId, ada);
    const entries = await provenAuditEntries(suite.audit, context.storage(), tenantId, (entry) =>
      entry.action.startsWith('identity.'),
    );
    const byAction = new Map(entries.map((entry) => [entry.action, entry]));
    expect(byAction.get('identity.user.registered')).toMatchObject({
      resource: { type: 'user', id: userId },
      outcome: 'succeeded',
      // The email is in the log only as a salted commitment.
      personal: { subjectId: userId, commitments: { email: expect.any(String) } },
    });
    expect(byAction.get('identity.email.verified')).toMatchObject({
      actor: { type: 'user', id: userId },
      outcome: 'succeeded',
    });
    expect(byAction.get('identity.login.succeeded')).toMatchObject({
      actor: { type: 'user', id: userId },
      details: { deviceId: signedIn.deviceId, sessionId: signedIn.sessionId },
    });
    expect(JSON.stringify(entries).includes(ada.email)).toBe(false);
    expect((await suite.audit.verify(tenantId)).isOk()).toBe(true);
  });

  // PCI DSS v4.0 10.2.1.5: changes to identification and authentication credentials are logged.
  it('logs every change of credentials: password reset, TOTP enrolment, recovery codes', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const userId = await registerVerified(suite, tenantId, ada);
    (await suite.identity.requestPasswordReset({ tenantId, email: ada.email }))._unsafeUnwrap();
    const token = suite.mailbox.secretFor(ada.email, 'password_reset');
    const { password: newPassword } = newPerson('ada-new');
    (await suite.identity.resetPassword({ tenantId, token, newPassword }))._unsafeUnwrap();
    const principal = await principalOf(
      suite,
      await signIn(suite, tenantId, { ...ada, password: newPassword }),
    );
    const enrollment = await enrollTotp(suite, principal);
    const regenerated = (
      await suite.identity.mfa.regenerateRecoveryCodes(principal)
    )._unsafeUnwrap();
    const actions = [
      'identity.password_reset.requested',
      'identity.password.reset',
      'identity.mfa.totp_enrollment_started',
      'identity.mfa.totp_enrolled',
      'identity.mfa.recovery_codes_regenerated',
    ];
    const entries = await provenAuditEntries(suite.audit, context.storage(), tenantId, (entry) =>
      actions.includes(entry.action),
    );
    expect(
      entries.map(({ action, actor, resource, outcome }) => ({ action, actor, resource, outcome })),
    ).toEqual(
      actions.map((action) => ({
        action,
        // Anyone may ask for a reset of an email: the request is the system's, not the user's.
        actor:
          action === 'identity.password_reset.requested'
            ? { type: 'system', id: 'identity' }
            : { type: 'user', id: userId },
        resource: { type: 'user', id: userId },
        outcome: 'succeeded',
      })),
    );
    // The credentials themselves are never in the log.
    const logged = JSON.stringify(entries);
    for (const secret of [token, newPassword, enrollment.secret, ...regenerated.recoveryCodes]) {
      expect(logged.includes(secret)).toBe(false);
    }
    expect((await suite.audit.verify(tenantId)).isOk()).toBe(true);
  });

  it('logs failed sign-ins and refused permissions too', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const [ada, bob] = [newPerson('ada'), newPerson('bob')];
    const adaId = await registerVerified(suite, tenantId, ada);
    const bobId = await registerVerified(suite, tenantId, bob);
    const wrong = { email: ada.email, password: `${ada.password} typo` };
    failureOf(await attemptLogin(suite, tenantId, wrong));
    const bobPrincipal = await principalOf(suite, await signIn(suite, tenantId, bob));
    failureOf(await suite.identity.exportUser(bobPrincipal, adaId));
    const entries = await provenAuditEntries(suite.audit, context.storage(), tenantId, (entry) =>
      ['identity.login.failed', 'identity.permission.denied'].includes(entry.action),
    );
    const summary = entries.map(({ action, actor, outcome }) => ({ action, actor, outcome }));
    expect(summary.sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { action: 'identity.login.failed', actor: { type: 'user', id: adaId }, outcome: 'failed' },
      {
        action: 'identity.permission.denied',
        actor: { type: 'user', id: bobId },
        outcome: 'denied',
      },
    ]);
    expect((await suite.audit.verify(tenantId)).isOk()).toBe(true);
  });
}
