import { IDENTITY_RATE_LIMITS, type RateLimitedError } from '@strongroom/identity';
import { expect, it } from 'vitest';
import {
  attemptLogin,
  failureOf,
  type IdentitySuiteContext,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

// Documentation addresses (RFC 5737 TEST-NET-2), one per client of a case.
const FIRST_ADDRESS = '198.51.100.1';
const SECOND_ADDRESS = '198.51.100.2';
const THIRD_ADDRESS = '198.51.100.3';
const WINDOW_MS = 60_000;

function expectRateLimited(error: unknown, policy: string): void {
  expect(error).toMatchObject({ type: 'identity.rate_limited', policy });
  const { retryAfterMs } = error as RateLimitedError;
  expect(retryAfterMs).toBeGreaterThan(0);
  expect(retryAfterMs).toBeLessThanOrEqual(WINDOW_MS);
}

/** Identity's shipped rate-limit policies, per account and per client address. */
export function defineRateLimitCases(context: IdentitySuiteContext): void {
  it('refuses a sixth sign-in on one account within a minute, from any address', async () => {
    const suite = await context.identity({ rateLimits: IDENTITY_RATE_LIMITS });
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const bob = newPerson('bob');
    await registerVerified(suite, tenantId, ada);
    await registerVerified(suite, tenantId, bob);
    const wrong = { email: ada.email, password: `${ada.password} typo` };
    for (let attempt = 0; attempt < IDENTITY_RATE_LIMITS.loginAccount.points; attempt += 1) {
      const refused = await attemptLogin(suite, tenantId, wrong, { clientAddress: FIRST_ADDRESS });
      expect(failureOf(refused)).toEqual({ type: 'identity.invalid_credentials' });
    }
    const sixth = await attemptLogin(suite, tenantId, ada, { clientAddress: SECOND_ADDRESS });
    expectRateLimited(failureOf(sixth), 'login.account');
    // The first address spent its own five attempts; another account from it is refused too…
    const sameAddress = await attemptLogin(suite, tenantId, bob, { clientAddress: FIRST_ADDRESS });
    expectRateLimited(failureOf(sameAddress), 'login.client');
    // …while another account from another address is unaffected.
    await signIn(suite, tenantId, bob, { clientAddress: THIRD_ADDRESS });
    // A minute later the window (and the lockout the failures caused) is over.
    suite.clock.advance(WINDOW_MS + 1000);
    await signIn(suite, tenantId, ada, { clientAddress: SECOND_ADDRESS });
  });

  it('forgives the account window after mistyped passwords, but counts sign-ins alone', async () => {
    const suite = await context.identity({ rateLimits: IDENTITY_RATE_LIMITS });
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const limit = IDENTITY_RATE_LIMITS.loginAccount.points;
    // One address per attempt, so that only the account's window fills.
    const address = (attempt: number) => `198.51.100.${10 + attempt}`;
    const wrong = { email: ada.email, password: `${ada.password} typo` };
    for (let attempt = 0; attempt < limit - 1; attempt += 1) {
      const refused = await attemptLogin(suite, tenantId, wrong, {
        clientAddress: address(attempt),
      });
      expect(failureOf(refused)).toEqual({ type: 'identity.invalid_credentials' });
    }
    // The window's last attempt succeeds and forgives the four failures before it…
    await signIn(suite, tenantId, ada, { clientAddress: address(limit) });
    // …so a whole window of sign-ins follows; without failures they are not forgiven.
    for (let attempt = 0; attempt < limit; attempt += 1)
      await signIn(suite, tenantId, ada, { clientAddress: address(limit + 1 + attempt) });
    const over = await attemptLogin(suite, tenantId, ada, {
      clientAddress: address(2 * limit + 1),
    });
    expectRateLimited(failureOf(over), 'login.account');
  });

  it('refuses a fourth registration from one address within an hour', async () => {
    const suite = await context.identity({ rateLimits: IDENTITY_RATE_LIMITS });
    const tenantId = context.tenant();
    const register = (label: string, clientAddress: string) => {
      const person = newPerson(label);
      return suite.identity.register({
        tenantId,
        email: person.email,
        password: person.password,
        clientAddress,
      });
    };
    for (const label of ['ada', 'bob', 'cy']) {
      expect((await register(label, FIRST_ADDRESS)).isOk()).toBe(true);
    }
    const fourth = failureOf(await register('dee', FIRST_ADDRESS));
    expect(fourth).toMatchObject({ type: 'identity.rate_limited', policy: 'registration.client' });
    expect((fourth as RateLimitedError).retryAfterMs).toBeGreaterThan(WINDOW_MS);
    expect((await register('eve', SECOND_ADDRESS)).isOk()).toBe(true);
  });
}
