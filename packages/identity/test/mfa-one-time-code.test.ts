import { createHmac } from 'node:crypto';
import { AssertionFailure, FakeClock } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  checkOneTimeCode,
  issueOneTimeCode,
  ONE_TIME_CODE_ATTEMPTS_DEFAULT,
  ONE_TIME_CODE_ATTEMPTS_MAX,
  ONE_TIME_CODE_TTL_DEFAULT_MS,
  ONE_TIME_CODE_TTL_MAX_MS,
  type OneTimeCodeRecord,
} from '../src/mfa/one-time-code.js';

const nowMs = new FakeClock().now().getTime();

/** A six-digit code that is not `code`. */
function wrongCode(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

describe('issueOneTimeCode', () => {
  it('issues six digits and a JSON record of its HMAC, salt, expiry and attempts', () => {
    const { code, record } = issueOneTimeCode({ nowMs });
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(record.expiresAtMs).toBe(nowMs + ONE_TIME_CODE_TTL_DEFAULT_MS);
    expect(record.attempts).toBe(0);
    expect(record.salt).toMatch(/^[0-9a-f]{32}$/);
    // Checked with node:crypto, independently of the code under test.
    const expected = createHmac('sha256', Buffer.from(record.salt, 'hex'))
      .update(code)
      .digest('hex');
    expect(record.hash).toBe(expected);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(JSON.stringify(record)).not.toContain(`"${code}"`);
  });

  it('keys every code with a fresh salt', () => {
    const salts = new Set(
      Array.from({ length: 20 }, () => issueOneTimeCode({ nowMs }).record.salt),
    );
    expect(salts.size).toBe(20);
  });

  it('draws every digit at every position, leading zeros included', () => {
    // 2,000 codes: a fair source misses a digit at some position with probability below 1e-80.
    const seen = Array.from({ length: 6 }, () => new Set<string>());
    for (let draw = 0; draw < 2000; draw++) {
      const { code } = issueOneTimeCode({ nowMs });
      for (const [position, digit] of [...code].entries()) seen[position]?.add(digit);
    }
    for (const digits of seen) expect([...digits].sort().join('')).toBe('0123456789');
  });

  it('takes a lifetime up to the maximum', () => {
    const { record } = issueOneTimeCode({ nowMs, ttlMs: 60_000 });
    expect(record.expiresAtMs).toBe(nowMs + 60_000);
    expect(() => issueOneTimeCode({ nowMs, ttlMs: 0 })).toThrow(AssertionFailure);
    expect(() => issueOneTimeCode({ nowMs, ttlMs: ONE_TIME_CODE_TTL_MAX_MS + 1 })).toThrow(
      AssertionFailure,
    );
    expect(() => issueOneTimeCode({ nowMs: Number.NaN })).toThrow(AssertionFailure);
  });
});

describe('checkOneTimeCode', () => {
  it('accepts the code until just before it expires', () => {
    const clock = new FakeClock();
    const { code, record } = issueOneTimeCode({ nowMs: clock.now().getTime() });
    expect(checkOneTimeCode(record, code, clock.now().getTime())).toEqual({ outcome: 'valid' });
    clock.advance(ONE_TIME_CODE_TTL_DEFAULT_MS - 1);
    expect(checkOneTimeCode(record, code, clock.now().getTime())).toEqual({ outcome: 'valid' });
  });

  it('refuses even the right code once expired', () => {
    const clock = new FakeClock();
    const { code, record } = issueOneTimeCode({ nowMs: clock.now().getTime() });
    clock.advance(ONE_TIME_CODE_TTL_DEFAULT_MS);
    expect(checkOneTimeCode(record, code, clock.now().getTime())).toEqual({ outcome: 'expired' });
  });

  it('counts a wrong code as an attempt in a new record', () => {
    const { code, record } = issueOneTimeCode({ nowMs });
    const result = checkOneTimeCode(record, wrongCode(code), nowMs);
    expect(result).toEqual({ outcome: 'invalid', record: { ...record, attempts: 1 } });
    expect(record.attempts).toBe(0);
  });

  it.each(['12345', '1234567', 'abcdef', '', ' 123456', '１２３４５６'])(
    'counts malformed input %j as a wrong attempt',
    (input) => {
      const { record } = issueOneTimeCode({ nowMs });
      const result = checkOneTimeCode(record, input, nowMs);
      expect(result).toEqual({ outcome: 'invalid', record: { ...record, attempts: 1 } });
    },
  );

  it('refuses even the right code after the default number of wrong attempts', () => {
    const issued = issueOneTimeCode({ nowMs });
    let record: OneTimeCodeRecord = issued.record;
    for (let attempt = 1; attempt <= ONE_TIME_CODE_ATTEMPTS_DEFAULT; attempt++) {
      const result = checkOneTimeCode(record, wrongCode(issued.code), nowMs);
      if (result.outcome !== 'invalid') throw new Error(`attempt ${attempt}: ${result.outcome}`);
      record = result.record;
    }
    expect(record.attempts).toBe(ONE_TIME_CODE_ATTEMPTS_DEFAULT);
    expect(checkOneTimeCode(record, issued.code, nowMs)).toEqual({ outcome: 'exhausted' });
  });

  it('honours a custom attempt limit', () => {
    const { code, record } = issueOneTimeCode({ nowMs });
    const once = checkOneTimeCode(record, wrongCode(code), nowMs, 2);
    if (once.outcome !== 'invalid') throw new Error(once.outcome);
    expect(checkOneTimeCode(once.record, code, nowMs, 2)).toEqual({ outcome: 'valid' });
    const twice = checkOneTimeCode(once.record, wrongCode(code), nowMs, 2);
    if (twice.outcome !== 'invalid') throw new Error(twice.outcome);
    expect(checkOneTimeCode(twice.record, code, nowMs, 2)).toEqual({ outcome: 'exhausted' });
  });

  it('accepts a record after a JSON round trip through storage', () => {
    const { code, record } = issueOneTimeCode({ nowMs });
    const stored = JSON.parse(JSON.stringify(record)) as OneTimeCodeRecord;
    expect(checkOneTimeCode(stored, code, nowMs)).toEqual({ outcome: 'valid' });
  });

  it('asserts on a corrupt record or limits out of range', () => {
    const { code, record } = issueOneTimeCode({ nowMs });
    const corrupt: OneTimeCodeRecord[] = [
      { ...record, hash: 'zz' },
      { ...record, salt: '' },
      { ...record, attempts: -1 },
      { ...record, expiresAtMs: Number.NaN },
    ];
    for (const bad of corrupt) {
      expect(() => checkOneTimeCode(bad, code, nowMs)).toThrow(AssertionFailure);
    }
    expect(() => checkOneTimeCode(record, code, nowMs, 0)).toThrow(AssertionFailure);
    expect(() => checkOneTimeCode(record, code, nowMs, ONE_TIME_CODE_ATTEMPTS_MAX + 1)).toThrow(
      AssertionFailure,
    );
  });
});
