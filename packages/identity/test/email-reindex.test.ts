import { dumpMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { IDENTITY_COLLECTIONS } from '../src/service/identity-collections.js';
import {
  createIdentityHarness,
  HARNESS_PASSWORD,
  harnessSecret,
  type IdentityHarness,
  registerVerifiedUser,
  signIn,
} from './identity-harness.js';

/** The blind indexes emails are claimed under, read below the port. */
function emailClaims(harness: IdentityHarness): string[] {
  return dumpMemoryStorage(harness.storage)
    .filter((row) => row.collection === IDENTITY_COLLECTIONS.emails)
    .map((row) => row.id)
    .sort();
}

describe('email claims across a blind-index secret rotation', () => {
  it('moves a claim to the current secret at a sign-in, so the old version can be retired', async () => {
    const before = createIdentityHarness({ blindIndexSecret: harnessSecret([1, 3]) });
    await registerVerifiedUser(before, 'ada@example.org');
    await registerVerifiedUser(before, 'bob@example.org');
    expect(emailClaims(before).map((index) => index.slice(0, 3))).toEqual(['v1.', 'v1.']);

    // Version 2 becomes current; version 1 stays live while the claims move.
    const rotating = createIdentityHarness({
      sharing: before,
      blindIndexSecret: harnessSecret([2, 4], [1, 3]),
    });
    expect((await signIn(rotating, 'ada@example.org')).isOk()).toBe(true);
    // A wrong password moves nothing: only a proven sign-in touches the claim.
    expect((await signIn(rotating, 'bob@example.org', `${HARNESS_PASSWORD}!`)).isErr()).toBe(true);
    expect(
      emailClaims(rotating)
        .map((index) => index.slice(0, 3))
        .sort(),
    ).toEqual(['v1.', 'v2.']);
    // Signing in again finds the moved claim under the current version and changes nothing.
    const claims = emailClaims(rotating);
    expect((await signIn(rotating, 'ada@example.org')).isOk()).toBe(true);
    expect(emailClaims(rotating)).toEqual(claims);

    // Version 1 retired: Ada, who signed in meanwhile, is found; Bob, who did not, is not yet.
    const retired = createIdentityHarness({
      sharing: before,
      blindIndexSecret: harnessSecret([2, 4]),
    });
    expect((await signIn(retired, 'ada@example.org')).isOk()).toBe(true);
    expect((await signIn(retired, 'bob@example.org'))._unsafeUnwrapErr()).toEqual({
      type: 'identity.invalid_credentials',
    });
    // Ada's email stays hers: registering it again is refused under the current version alone.
    const again = await retired.identity.register({
      tenantId: retired.tenantId,
      email: 'ada@example.org',
      password: HARNESS_PASSWORD,
      clientAddress: '198.51.100.2',
    });
    expect(again._unsafeUnwrapErr()).toEqual({ type: 'identity.email_taken' });
  });
});
