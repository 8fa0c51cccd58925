import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COMMON_PASSWORDS_MIN_LENGTH,
  COMMON_PASSWORDS_TARGET_COUNT,
  readRankedPasswords,
  renderCommonPasswords,
} from '../scripts/generate-common-passwords.js';
import { COMMON_PASSWORDS, COMMON_PASSWORDS_COUNT } from '../src/passwords/common-passwords.js';
import { isCommonPassword } from '../src/passwords/password-blocklist.js';
import { PASSWORD_MIN_LENGTH } from '../src/passwords/password-policy.js';

const GENERATED = new URL('../src/passwords/common-passwords.ts', import.meta.url);
const entries = COMMON_PASSWORDS.split('\n');

describe('the shipped common-password list', () => {
  it('is exactly what the generator renders from @zxcvbn-ts/language-common', () => {
    expect(renderCommonPasswords(readRankedPasswords())).toBe(readFileSync(GENERATED, 'utf8'));
  });

  it('holds 10,000 distinct entries, as its count says', () => {
    expect(entries).toHaveLength(COMMON_PASSWORDS_COUNT);
    expect(COMMON_PASSWORDS_COUNT).toBe(COMMON_PASSWORDS_TARGET_COUNT);
    expect(new Set(entries).size).toBe(entries.length);
  });

  it('keeps only entries the length rule would not already refuse', () => {
    expect(COMMON_PASSWORDS_MIN_LENGTH).toBe(PASSWORD_MIN_LENGTH);
    for (const entry of entries) expect([...entry].length).toBeGreaterThanOrEqual(8);
  });

  it('stores entries folded as the policy folds passwords, without control characters', () => {
    for (const entry of entries) {
      expect(entry).toBe(entry.normalize('NFKC').toLowerCase());
      expect(entry).not.toMatch(/\p{Cc}/u);
    }
  });

  it('keeps the source ranking, best-ranked first', () => {
    const ranked = readRankedPasswords().passwords;
    expect(entries[0]).toBe('password');
    expect(ranked.indexOf('password')).toBeLessThan(ranked.indexOf('12345678'));
    expect(entries.indexOf('password')).toBeLessThan(entries.indexOf('12345678'));
  });

  it('stays well under 200 KB of source', () => {
    expect(statSync(GENERATED).size).toBeLessThan(200 * 1024);
  });
});

describe('isCommonPassword', () => {
  it('finds folded common passwords', () => {
    for (const password of ['password', '12345678', 'iloveyou', 'trustno1', 'qwertyuiop']) {
      expect(isCommonPassword(password)).toBe(true);
    }
  });

  it('expects folded input and does not match unrelated passwords', () => {
    expect(isCommonPassword('Password')).toBe(false);
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
    expect(isCommonPassword('')).toBe(false);
  });
});
