import { describe, expect, it } from 'vitest';
import { REDACTED, redactForLog, redactText } from '../src/logging/redact-for-log.js';

describe('redactForLog', () => {
  it('replaces values under secret-named keys at any depth', () => {
    expect(
      redactForLog({
        password: 'hunter2hunter2',
        nested: { refreshToken: 'abc', cardNumber: '4111111111111111', amountMinor: 1250n },
        list: [{ cvv: '123' }, { note: 'fine' }],
      }),
    ).toEqual({
      password: REDACTED,
      nested: { refreshToken: REDACTED, cardNumber: REDACTED, amountMinor: '1250' },
      list: [{ cvv: REDACTED }, { note: 'fine' }],
    });
  });

  it('cuts card numbers, bearer credentials and JWTs out of free text', () => {
    expect(redactText('card 4111 1111 1111 1111 declined')).toBe(`card ${REDACTED} declined`);
    expect(redactText('Authorization: Bearer abc.def-ghi')).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
    expect(redactText('token eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.sig-part')).toBe(
      `token ${REDACTED}`,
    );
    // Runs shorter than any card number stay readable (ids, amounts, years).
    expect(redactText('order 12345678901 of 2026')).toBe('order 12345678901 of 2026');
  });

  it('bounds depth, width and length, so a hostile value cannot flood the log', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let level = 0; level < 10; level += 1) deep = { deep };
    expect(JSON.stringify(redactForLog(deep))).toContain('[truncated]');
    expect(
      (redactForLog(Array.from({ length: 500 }, (_, index) => index)) as unknown[]).length,
    ).toBe(50);
    expect(redactText('z'.repeat(10_000)).length).toBe(2001);
  });

  it('keeps an error as its name and redacted message, never its stack', () => {
    const logged = redactForLog(new Error('refused 4111111111111111')) as Record<string, unknown>;
    expect(logged).toEqual({ name: 'Error', message: `refused ${REDACTED}` });
  });
});
