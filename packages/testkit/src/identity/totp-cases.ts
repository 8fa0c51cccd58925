import type { MfaRequired, SignedIn } from '@strongroom/identity';
import type { Result, TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  attemptLogin,
  currentTotpCode,
  enrollTotp,
  failureOf,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  signIn,
  wrongTotpCode,
} from './identity-suite-context.js';
import type { SuiteIdentity } from './suite-identity.js';
import { newPerson, type SuitePerson } from './suite-person.js';
import { SUITE_TOTP_PERIOD_MS, suiteTotpCode } from './totp-code.js';

/** Identity's limit of wrong answers per pending login. */
const MFA_ATTEMPTS = 5;
const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{6}(-[0-9a-hjkmnp-tv-z]{6}){3}$/;

// RFC 6238 appendix B: the SHA-1 seed is the ASCII text "12345678901234567890", here in base32.
const RFC_6238_SHA1_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_6238_SHA1_VECTORS = [
  [59, '94287082'],
  [1_111_111_109, '07081804'],
  [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'],
  [2_000_000_000, '69279037'],
  [20_000_000_000, '65353130'],
] as const;

async function mfaLogin(
  suite: SuiteIdentity,
  tenantId: TenantId,
  person: SuitePerson,
): Promise<MfaRequired> {
  const outcome = (await attemptLogin(suite, tenantId, person))._unsafeUnwrap();
  if (outcome.status !== 'mfa_required') throw new Error('expected a second-factor challenge');
  return outcome;
}

function complete(
  suite: SuiteIdentity,
  tenantId: TenantId,
  challenge: MfaRequired,
  method: 'totp' | 'recovery_code',
  code: string,
): Promise<Result<SignedIn, unknown>> {
  return suite.identity.mfa.completeLogin({ tenantId, mfaToken: challenge.mfaToken, method, code });
}

function invalidCode(reason: string) {
  return { type: 'identity.invalid_mfa_code', reason };
}

/** TOTP enrollment and sign-in, replay protection, recovery codes, the attempt limit. */
/** A verified person who signed in and enrolled TOTP, with their enrolment. */
async function enrolledPerson(suite: SuiteIdentity, tenantId: TenantId) {
  const ada = newPerson('ada');
  await registerVerified(suite, tenantId, ada);
  const enrollment = await enrollTotp(
    suite,
    await principalOf(suite, await signIn(suite, tenantId, ada)),
  );
  return { ada, enrollment };
}

export function defineTotpCases(context: IdentitySuiteContext): void {
  it('computes the RFC 6238 appendix B codes (the suite’s own authenticator)', () => {
    for (const [seconds, code] of RFC_6238_SHA1_VECTORS) {
      expect(suiteTotpCode(RFC_6238_SHA1_SECRET, seconds * 1000, 8)).toBe(code);
    }
  });

  it('enrolls TOTP with a first code, returns ten recovery codes, then asks for a code', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const principal = await principalOf(suite, await signIn(suite, tenantId, ada));
    const { uri } = (await suite.identity.mfa.beginTotpEnrollment(principal))._unsafeUnwrap();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    const enrollment = { secret, recoveryCodes: [] };
    const wrong = await suite.identity.mfa.confirmTotpEnrollment(
      principal,
      wrongTotpCode(suite, enrollment),
    );
    expect(failureOf(wrong)).toEqual(invalidCode('invalid'));
    // Not enrolled until confirmed: the password alone still signs in.
    await signIn(suite, tenantId, ada);
    const confirmed = await suite.identity.mfa.confirmTotpEnrollment(
      principal,
      currentTotpCode(suite, enrollment),
    );
    const { recoveryCodes } = confirmed._unsafeUnwrap();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
    const challenge = await mfaLogin(suite, tenantId, ada);
    expect(challenge.methods).toEqual(expect.arrayContaining(['totp', 'recovery_code']));
    expect(challenge.mfaToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it('completes a sign-in with a TOTP code once: the same code again is a replay', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const { ada, enrollment } = await enrolledPerson(suite, tenantId);
    const code = currentTotpCode(suite, enrollment);
    const first = await complete(
      suite,
      tenantId,
      await mfaLogin(suite, tenantId, ada),
      'totp',
      code,
    );
    const signedIn = first._unsafeUnwrap();
    expect((await principalOf(suite, signedIn)).authenticationMethods).toEqual(['pwd', 'otp']);
    const replay = await complete(
      suite,
      tenantId,
      await mfaLogin(suite, tenantId, ada),
      'totp',
      code,
    );
    expect(failureOf(replay)).toEqual(invalidCode('replayed'));
    // The next step's code works.
    suite.clock.advance(SUITE_TOTP_PERIOD_MS);
    const next = currentTotpCode(suite, enrollment);
    const later = await complete(
      suite,
      tenantId,
      await mfaLogin(suite, tenantId, ada),
      'totp',
      next,
    );
    expect(later.isOk()).toBe(true);
  });

  it('accepts each recovery code once', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const { recoveryCodes } = await enrollTotp(
      suite,
      await principalOf(suite, await signIn(suite, tenantId, ada)),
    );
    const [first = '', second = ''] = recoveryCodes;
    const used = await complete(
      suite,
      tenantId,
      await mfaLogin(suite, tenantId, ada),
      'recovery_code',
      first,
    );
    expect((await principalOf(suite, used._unsafeUnwrap())).authenticationMethods).toEqual([
      'pwd',
      'kba',
    ]);
    const challenge = await mfaLogin(suite, tenantId, ada);
    expect(failureOf(await complete(suite, tenantId, challenge, 'recovery_code', first))).toEqual(
      invalidCode('invalid'),
    );
    // Typed in capitals without dashes, as people copy it from paper.
    const typed = second.replaceAll('-', '').toUpperCase();
    expect((await complete(suite, tenantId, challenge, 'recovery_code', typed)).isOk()).toBe(true);
  });

  it('ends a pending sign-in after five wrong codes, even for the right code', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const { ada, enrollment } = await enrolledPerson(suite, tenantId);
    const challenge = await mfaLogin(suite, tenantId, ada);
    for (let attempt = 0; attempt < MFA_ATTEMPTS; attempt += 1) {
      const wrong = await complete(
        suite,
        tenantId,
        challenge,
        'totp',
        wrongTotpCode(suite, enrollment),
      );
      expect(failureOf(wrong)).toEqual(invalidCode('invalid'));
    }
    const right = await complete(
      suite,
      tenantId,
      challenge,
      'totp',
      currentTotpCode(suite, enrollment),
    );
    expect(failureOf(right)).toEqual(invalidCode('exhausted'));
    // A new sign-in with the password starts a new challenge, which the right code completes.
    const fresh = await mfaLogin(suite, tenantId, ada);
    expect(
      (await complete(suite, tenantId, fresh, 'totp', currentTotpCode(suite, enrollment))).isOk(),
    ).toBe(true);
  });
}
