import { AssertionFailure, FakeClock } from '@strongroom/kernel';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { verifyTotp } from '../src/mfa/totp.js';
import { TOTP_DEFAULTS, type TotpAlgorithm, type TotpOptions } from '../src/mfa/totp-options.js';
import { generateTotpSecret, TOTP_SECRET_BYTES } from '../src/mfa/totp-secret.js';

// The ASCII seeds of RFC 4226 Appendix D and RFC 6238 Appendix B, in unpadded base32
// (encoded with Python's base64.b32encode, not with the code under test).
const SEED_SHA1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const SEED_SHA256 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'; // "1234…9012"
const SEED_SHA512 =
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA'; // "1234…1234"

const exactly: TotpOptions = { ...TOTP_DEFAULTS, windowSteps: 0 };
const PERIOD_MS = 30_000;

/** A code from otplib, an implementation independent of otpauth, at `epochSeconds`. */
function otplibCode(secret: string, epochSeconds: number): string {
  return generateSync({ secret, epoch: epochSeconds });
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('generateTotpSecret', () => {
  it('returns 160 random bits as unpadded upper-case base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((secret.length * 5) / 8).toBe(TOTP_SECRET_BYTES);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('verifyTotp: RFC 4226 Appendix D HOTP vectors', () => {
  // With a 30-second period, the instant counter × 30 s is HOTP counter `counter`.
  const codes = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(codes.map((code, counter) => ({ code, counter })))(
    'accepts $code for counter $counter',
    ({ code, counter }) => {
      const nowMs = counter * PERIOD_MS;
      expect(verifyTotp({ secret: SEED_SHA1, code, nowMs }, exactly)).toEqual({
        valid: true,
        step: counter,
      });
    },
  );
});

describe('verifyTotp: RFC 6238 Appendix B TOTP vectors (8 digits, 30 s)', () => {
  const seeds: Record<TotpAlgorithm, string> = {
    SHA1: SEED_SHA1,
    SHA256: SEED_SHA256,
    SHA512: SEED_SHA512,
  };
  // [time in seconds, T in hex, SHA1, SHA256, SHA512], from RFC 6238 Appendix B, Table 1.
  const table: [number, string, string, string, string][] = [
    [59, '0000000000000001', '94287082', '46119246', '90693936'],
    [1111111109, '00000000023523EC', '07081804', '68084774', '25091201'],
    [1111111111, '00000000023523ED', '14050471', '67062674', '99943326'],
    [1234567890, '000000000273EF07', '89005924', '91819424', '93441116'],
    [2000000000, '0000000003F940AA', '69279037', '90698825', '38618901'],
    [20000000000, '0000000027BC86AA', '65353130', '77737706', '47863826'],
  ];
  const vectors = table.flatMap(([seconds, stepHex, sha1, sha256, sha512]) =>
    (
      [
        ['SHA1', sha1],
        ['SHA256', sha256],
        ['SHA512', sha512],
      ] as const
    ).map(([algorithm, code]) => ({
      seconds,
      step: Number.parseInt(stepHex, 16),
      algorithm,
      code,
    })),
  );
  it.each(vectors)('$algorithm at $seconds s is $code', ({ seconds, step, algorithm, code }) => {
    const options: TotpOptions = { ...exactly, digits: 8, algorithm };
    const secret = seeds[algorithm];
    expect(verifyTotp({ secret, code, nowMs: seconds * 1000 }, options)).toEqual({
      valid: true,
      step,
    });
  });
});

describe('verifyTotp against otplib', () => {
  const secret = generateTotpSecret();
  const instants = [1_700_000_000, 1_700_000_029, 1_767_225_600, 1_800_000_015, 4_102_444_800];

  it.each(instants)('accepts otplib codes around %i s within one step', (seconds) => {
    const nowMs = seconds * 1000;
    const step = Math.floor(seconds / 30);
    for (const offset of [-1, 0, 1]) {
      const code = otplibCode(secret, seconds + offset * 30);
      expect(verifyTotp({ secret, code, nowMs })).toEqual({ valid: true, step: step + offset });
    }
  });

  it.each(instants)('refuses otplib codes two steps away from %i s', (seconds) => {
    const nowMs = seconds * 1000;
    const nearby = [-1, 0, 1].map((offset) => otplibCode(secret, seconds + offset * 30));
    for (const offset of [-2, 2]) {
      const code = otplibCode(secret, seconds + offset * 30);
      // A six-digit code may collide with a nearby step's (one in a million); skip that case.
      if (nearby.includes(code)) continue;
      expect(verifyTotp({ secret, code, nowMs })).toEqual({ valid: false, reason: 'invalid' });
    }
  });

  it('follows time from a fake Clock', () => {
    const clock = new FakeClock();
    const code = otplibCode(secret, clock.now().getTime() / 1000);
    const first = verifyTotp({ secret, code, nowMs: clock.now().getTime() });
    expect(first.valid).toBe(true);
    clock.advance(2 * PERIOD_MS);
    expect(verifyTotp({ secret, code, nowMs: clock.now().getTime() }).valid).toBe(false);
  });
});

describe('verifyTotp: single use', () => {
  const secret = generateTotpSecret();
  const nowMs = 1_767_225_600_000;
  const step = nowMs / PERIOD_MS;
  const codeAt = (offset: number) => otplibCode(secret, nowMs / 1000 + offset * 30);

  it('refuses the same code once its step is stored', () => {
    const code = codeAt(0);
    const first = verifyTotp({ secret, code, nowMs });
    expect(first).toEqual({ valid: true, step });
    expect(verifyTotp({ secret, code, nowMs, lastUsedStep: step })).toEqual({
      valid: false,
      reason: 'replayed',
    });
  });

  it('refuses an earlier step after a later one', () => {
    const later = verifyTotp({ secret, code: codeAt(1), nowMs });
    expect(later).toEqual({ valid: true, step: step + 1 });
    const earlier = verifyTotp({ secret, code: codeAt(0), nowMs, lastUsedStep: step + 1 });
    expect(earlier).toEqual({ valid: false, reason: 'replayed' });
  });

  it('accepts a step later than the stored one', () => {
    const result = verifyTotp({ secret, code: codeAt(0), nowMs, lastUsedStep: step - 1 });
    expect(result).toEqual({ valid: true, step });
  });
});

describe('verifyTotp: bad input', () => {
  const secret = generateTotpSecret();
  const nowMs = 1_767_225_600_000;

  it.each(['12345', 'abcdef', '1234567', '', ' 12345', '12 456', '１２３４５６', '12345\n'])(
    'calls %j malformed without echoing it',
    (code) => {
      const result = verifyTotp({ secret, code, nowMs });
      expect(result).toEqual({ valid: false, reason: 'malformed' });
    },
  );

  it('calls a well-formed wrong code invalid', () => {
    const window = [-1, 0, 1].map((offset) => otplibCode(secret, nowMs / 1000 + offset * 30));
    const wrong = ['000000', '111111', '222222', '333333'].find((code) => !window.includes(code));
    expect(verifyTotp({ secret, code: wrong ?? '', nowMs })).toEqual({
      valid: false,
      reason: 'invalid',
    });
  });

  it('asserts on a corrupt stored secret without putting it in the message', () => {
    const corrupt = 'not-base32!';
    const thrown = catchError(() => verifyTotp({ secret: corrupt, code: '123456', nowMs }));
    expect(thrown).toBeInstanceOf(AssertionFailure);
    expect(String(thrown)).not.toContain(corrupt);
    expect(() => verifyTotp({ secret: 'GEZDGNBV', code: '123456', nowMs })).toThrow(/128 bits/);
  });

  it('asserts on options outside the limits and on a bad clock or step', () => {
    const code = '123456';
    const bad: TotpOptions[] = [
      { ...TOTP_DEFAULTS, digits: 5 },
      { ...TOTP_DEFAULTS, digits: 9 },
      { ...TOTP_DEFAULTS, periodSeconds: 0 },
      { ...TOTP_DEFAULTS, periodSeconds: 301 },
      { ...TOTP_DEFAULTS, windowSteps: 4 },
      { ...TOTP_DEFAULTS, algorithm: 'MD5' as TotpAlgorithm },
    ];
    for (const options of bad) {
      expect(() => verifyTotp({ secret, code, nowMs }, options)).toThrow(AssertionFailure);
    }
    expect(() => verifyTotp({ secret, code, nowMs: Number.NaN })).toThrow(AssertionFailure);
    expect(() => verifyTotp({ secret, code, nowMs, lastUsedStep: 1.5 })).toThrow(AssertionFailure);
  });
});
