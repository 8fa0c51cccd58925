import { AssertionFailure, unwrapOrThrow } from '@strongroom/kernel';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { verifyTotp } from '../src/mfa/totp.js';
import { TOTP_LABEL_MAX_LENGTH, totpEnrollmentUri } from '../src/mfa/totp-enrollment.js';
import { TOTP_DEFAULTS } from '../src/mfa/totp-options.js';
import { generateTotpSecret } from '../src/mfa/totp-secret.js';

const secret = generateTotpSecret();
const enrollment = { secret, issuer: 'Acme Bank', accountName: 'alice@example.com' };

describe('totpEnrollmentUri', () => {
  it('builds a Key URI Format URI that parses back to its parts', () => {
    const uri = new URL(unwrapOrThrow(totpEnrollmentUri(enrollment)));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme Bank:alice@example.com');
    expect(uri.searchParams.get('issuer')).toBe('Acme Bank');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });

  it('gives an app what it needs to produce accepted codes', () => {
    const uri = new URL(unwrapOrThrow(totpEnrollmentUri(enrollment)));
    const appSecret = uri.searchParams.get('secret') ?? '';
    const epochSeconds = 1_767_225_600;
    const code = generateSync({ secret: appSecret, epoch: epochSeconds });
    expect(verifyTotp({ secret, code, nowMs: epochSeconds * 1000 }).valid).toBe(true);
  });

  it('carries non-default options', () => {
    const options = {
      ...TOTP_DEFAULTS,
      algorithm: 'SHA256',
      digits: 8,
      periodSeconds: 60,
    } as const;
    const uri = new URL(unwrapOrThrow(totpEnrollmentUri(enrollment, options)));
    expect(uri.searchParams.get('algorithm')).toBe('SHA256');
    expect(uri.searchParams.get('digits')).toBe('8');
    expect(uri.searchParams.get('period')).toBe('60');
  });

  it.each([
    ['issuer', { issuer: '' }, 'empty'],
    ['issuer', { issuer: '   ' }, 'empty'],
    ['issuer', { issuer: 'Acme:Bank' }, 'bad_format'],
    ['issuer', { issuer: 'x'.repeat(TOTP_LABEL_MAX_LENGTH + 1) }, 'too_long'],
    ['accountName', { accountName: '' }, 'empty'],
    ['accountName', { accountName: 'alice:evil@example.com' }, 'bad_format'],
    ['accountName', { accountName: 'alice\u0000@example.com' }, 'bad_format'],
    ['accountName', { accountName: 'a'.repeat(TOTP_LABEL_MAX_LENGTH + 1) }, 'too_long'],
  ])('refuses a bad %s (%s) without echoing it', (field, change, reason) => {
    const result = totpEnrollmentUri({ ...enrollment, ...change });
    expect(result.isErr()).toBe(true);
    expect(result._unsafeUnwrapErr()).toEqual({ type: 'validation', field, reason });
  });

  it('accepts labels at the length limit', () => {
    const name = 'a'.repeat(TOTP_LABEL_MAX_LENGTH);
    expect(totpEnrollmentUri({ ...enrollment, issuer: name, accountName: name }).isOk()).toBe(true);
  });

  it('asserts on a corrupt stored secret', () => {
    expect(() => totpEnrollmentUri({ ...enrollment, secret: 'lower-case' })).toThrow(
      AssertionFailure,
    );
  });
});
