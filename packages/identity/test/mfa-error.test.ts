import { describe, expect, it } from 'vitest';
import {
  invalidMfaCode,
  type MfaError,
  mfaAlreadyEnrolled,
  mfaNotEnrolled,
  mfaRequired,
} from '../src/mfa/mfa-error.js';
import type { MfaMethod } from '../src/sessions/mfa-challenge.js';

describe('MFA errors', () => {
  it('build plain objects with stable types and no submitted code', () => {
    const errors: MfaError[] = [
      mfaRequired(['totp', 'passkey', 'recovery_code']),
      invalidMfaCode('replayed'),
      mfaNotEnrolled('sms'),
      mfaAlreadyEnrolled('totp'),
    ];
    expect(errors).toEqual([
      { type: 'identity.mfa_required', methods: ['totp', 'passkey', 'recovery_code'] },
      { type: 'identity.invalid_mfa_code', reason: 'replayed' },
      { type: 'identity.mfa_not_enrolled', method: 'sms' },
      { type: 'identity.mfa_already_enrolled', method: 'totp' },
    ]);
    expect(JSON.parse(JSON.stringify(errors))).toEqual(errors);
  });

  it('copies the method list, so a later change by the caller does not leak in', () => {
    const methods: MfaMethod[] = ['totp'];
    const error = mfaRequired(methods);
    methods.push('sms');
    expect(error.methods).toEqual(['totp']);
  });
});
