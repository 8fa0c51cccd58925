import { containsCardNumber } from '@strongroom/audit';
import type { TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  attemptLogin,
  failureOf,
  type IdentitySuiteContext,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import type { SuiteIdentity } from './suite-identity.js';
import { newPerson, type SuitePerson } from './suite-person.js';

const INVALID_CREDENTIALS = { type: 'identity.invalid_credentials' };
/** Identity's defaults: five failures lock, the first cooldown is a minute, then it doubles. */
const LOCKOUT_FAILURES = 5;
const FIRST_COOLDOWN_MS = 60_000;

async function failLogins(
  suite: SuiteIdentity,
  tenantId: TenantId,
  person: SuitePerson,
  count: number,
): Promise<void> {
  for (let attempt = 0; attempt < count; attempt += 1) {
    const wrong = { email: person.email, password: `${person.password} typo` };
    expect(failureOf(await attemptLogin(suite, tenantId, wrong))).toEqual(INVALID_CREDENTIALS);
  }
}

/** Wrong passwords, unknown accounts, lockout and its growing cooldown (OWASP ASVS 5 §6.3). */
export function defineLockoutCases(context: IdentitySuiteContext): void {
  it('answers a wrong password and an unknown email alike', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    await failLogins(suite, tenantId, ada, 1);
    const stranger = newPerson('stranger');
    expect(failureOf(await attemptLogin(suite, tenantId, stranger))).toEqual(INVALID_CREDENTIALS);
  });

  it('locks after five consecutive failures: the right password is refused, the owner told', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES - 1);
    expect(suite.mailbox.messagesTo(ada.email, 'account_locked')).toEqual([]);
    await failLogins(suite, tenantId, ada, 1);
    expect(failureOf(await attemptLogin(suite, tenantId, ada))).toEqual(INVALID_CREDENTIALS);
    const notices = suite.mailbox.messagesTo(ada.email, 'account_locked');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ channel: 'email', tenantId, secret: null });
  });

  // The audit guard refuses any Luhn-valid 12–19 digit run, which one epoch-millisecond instant
  // in four contains: the lock's end must not be written as one, or locking would fail then.
  it('locks at any instant, even one whose milliseconds would pass for a card number', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    let lockedAtMs = suite.clock.now().getTime() + 1000;
    while (!containsCardNumber(String(lockedAtMs + FIRST_COOLDOWN_MS))) lockedAtMs += 1;
    suite.clock.set(new Date(lockedAtMs));
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES);
    expect(failureOf(await attemptLogin(suite, tenantId, ada))).toEqual(INVALID_CREDENTIALS);
    expect(suite.mailbox.messagesTo(ada.email, 'account_locked')).toHaveLength(1);
  });

  it('counts only consecutive failures: a success in between starts the count again', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES - 1);
    await signIn(suite, tenantId, ada);
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES - 1);
    await signIn(suite, tenantId, ada);
    expect(suite.mailbox.messagesTo(ada.email, 'account_locked')).toEqual([]);
  });

  it('lets the right password in once the first cooldown (a minute) has passed', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES);
    suite.clock.advance(FIRST_COOLDOWN_MS - 1000);
    expect(failureOf(await attemptLogin(suite, tenantId, ada))).toEqual(INVALID_CREDENTIALS);
    suite.clock.advance(2000);
    await signIn(suite, tenantId, ada);
  });

  it('doubles the cooldown of a second lockout in a row', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES);
    suite.clock.advance(FIRST_COOLDOWN_MS + 1000);
    await failLogins(suite, tenantId, ada, LOCKOUT_FAILURES);
    expect(suite.mailbox.messagesTo(ada.email, 'account_locked')).toHaveLength(2);
    suite.clock.advance(FIRST_COOLDOWN_MS + 1000);
    expect(failureOf(await attemptLogin(suite, tenantId, ada))).toEqual(INVALID_CREDENTIALS);
    suite.clock.advance(FIRST_COOLDOWN_MS);
    await signIn(suite, tenantId, ada);
  });
}
