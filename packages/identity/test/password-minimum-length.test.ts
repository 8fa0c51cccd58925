import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  createIdentityHarness,
  type IdentityHarness,
  registerVerifiedUser,
} from './identity-harness.js';

// Fifteen code points: NIST SP 800-63B-4's minimum for a password that is the only factor.
const FIFTEEN = 'quiet harbour x';
const TWELVE = 'quiet harbou';

function register(harness: IdentityHarness, email: string, password: string) {
  return harness.identity.register({
    tenantId: harness.tenantId,
    email,
    password,
    clientAddress: '198.51.100.3',
  });
}

describe('a host-set minimum password length', () => {
  it('applies at registration and at password reset', async () => {
    const harness = createIdentityHarness({ passwordMinimumLength: 15 });
    expect((await register(harness, 'ada@example.org', TWELVE))._unsafeUnwrapErr()).toEqual({
      type: 'identity.weak_password',
      reason: 'too_short',
    });
    expect((await register(harness, 'ada@example.org', FIFTEEN)).isOk()).toBe(true);

    await registerVerifiedUser(harness, 'bob@example.org');
    const { identity, tenantId, outbox } = harness;
    (await identity.requestPasswordReset({ tenantId, email: 'bob@example.org' }))._unsafeUnwrap();
    const token = outbox.at(-1)?.secret;
    const short = await identity.resetPassword({ tenantId, token, newPassword: TWELVE });
    expect(short._unsafeUnwrapErr()).toEqual({
      type: 'identity.weak_password',
      reason: 'too_short',
    });
    expect((await identity.resetPassword({ tenantId, token, newPassword: FIFTEEN })).isOk()).toBe(
      true,
    );
  });

  it('keeps 8 by default, and refuses a minimum under 8 or over 128 when built', async () => {
    const harness = createIdentityHarness();
    expect((await register(harness, 'cy@example.org', 'harbour8')).isOk()).toBe(true);
    for (const passwordMinimumLength of [7, 129, 10.5]) {
      expect(() => createIdentityHarness({ passwordMinimumLength })).toThrow(AssertionFailure);
    }
  });
});
