import { expect, it } from 'vitest';
import { provenAuditEntries } from '../vault/vault-suite-context.js';
import {
  attemptLogin,
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
