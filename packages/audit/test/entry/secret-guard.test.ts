import type { JsonObject } from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAuditEntryInput,
  containsCardNumber,
  guardAgainstSecrets,
  isLuhnValid,
} from '../../src/index.js';
import { entryInput } from '../log/audit-fixture.js';

// Published test card numbers (Visa, Mastercard, Amex): Luhn-valid, never issued.
const VISA = '4111111111111111';
const MASTERCARD = '5555555555554444';
const AMEX = '378282246310005';

// An independent Luhn check digit, written from ISO/IEC 7812-1 rather than from the code under test.
function luhnCheckDigit(payload: string): string {
  const digits = [...payload].reverse().map(Number);
  const sum = digits.reduce((total, digit, position) => {
    if (position % 2 === 1) return total + digit;
    const doubled = digit * 2;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return String((10 - (sum % 10)) % 10);
}

function refusal(details: JsonObject) {
  const guarded = guardAgainstSecrets(details);
  expect(guarded.isErr()).toBe(true);
  const error = guarded._unsafeUnwrapErr();
  // The same refusal through the entry check that log.append runs.
  expect(checkAuditEntryInput(entryInput(1, { details }))._unsafeUnwrapErr()).toEqual(error);
  return error;
}

describe('isLuhnValid', () => {
  it('accepts the published test card numbers and refuses them with one digit changed', () => {
    for (const pan of [VISA, MASTERCARD, AMEX]) {
      expect(isLuhnValid(pan)).toBe(true);
      const last = Number(pan.at(-1));
      expect(isLuhnValid(`${pan.slice(0, -1)}${(last + 1) % 10}`)).toBe(false);
    }
  });

  it('agrees with an independent check digit for random payloads', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{11,18}$/),
        fc.integer({ min: 1, max: 9 }),
        (payload, shift) => {
          const check = luhnCheckDigit(payload);
          expect(isLuhnValid(`${payload}${check}`)).toBe(true);
          expect(isLuhnValid(`${payload}${(Number(check) + shift) % 10}`)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('guardAgainstSecrets: key names', () => {
  it.each([
    'password',
    'Password',
    'newPassword',
    'passwd',
    'passphrase',
    'accessToken',
    'access_token',
    'Access-Token',
    'refreshToken',
    'token',
    'Api-Key',
    'apiKey',
    'api_key',
    'x-api-key',
    'APIKey',
    'authorization',
    'Cookie',
    'cvv',
    'CVV2',
    'cvc',
    'pan',
    'PAN',
    'cardPan',
    'cardNumber',
    'card_number',
    'accountNumber',
    'privateKey',
    'PRIVATE_KEY',
    'secretKey',
    'clientSecret',
    'signingKey',
    'encryptionKey',
    'securityCode',
    'pin',
    'userPIN',
    'otp',
    'totpCode',
    'mnemonic',
    'seed',
  ])('refuses %j with its path and never the value', (key) => {
    const error = refusal({ [key]: 'hunter2-s3cr3t' });
    expect(error).toEqual({
      type: 'audit.secret_in_details',
      path: `details.${key}`,
      reason: 'secret_key_name',
    });
    expect(JSON.stringify(error)).not.toContain('hunter2-s3cr3t');
  });

  it('refuses a secret key name however deep, whatever its value', () => {
    expect(refusal({ payment: { card: { cvv: 123 } } })).toMatchObject({
      path: 'details.payment.card.cvv',
      reason: 'secret_key_name',
    });
    expect(refusal({ items: [{ fine: 1 }, { sessionToken: null }] })).toMatchObject({
      path: 'details.items[1].sessionToken',
    });
    expect(refusal({ headers: { Authorization: true } })).toMatchObject({
      path: 'details.headers.Authorization',
    });
  });

  it.each([
    'timespan',
    'idempotencyKey',
    'panel',
    'keyId',
    'publicKey',
    'spinner',
    'pinned',
    'company',
    'expansion',
    'opinion',
    'seedling',
    'keyboard',
    'tokenizedAt',
  ])('lets the harmless name %j through', (key) => {
    // `tokenizedAt` splits into "tokenized" and "at": neither is a secret word.
    expect(guardAgainstSecrets({ [key]: 'value', nested: { [key]: 1 } }).isOk()).toBe(true);
  });
});

describe('guardAgainstSecrets: card numbers', () => {
  const panForms = [
    VISA,
    MASTERCARD,
    AMEX,
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '5555 5555 5555 4444',
    '3782 822463 10005',
    '3782-822463-10005',
  ];

  it.each(panForms)('refuses the string %j and never echoes it', (pan) => {
    const error = refusal({ note: pan });
    expect(error).toEqual({
      type: 'audit.secret_in_details',
      path: 'details.note',
      reason: 'card_number',
    });
    const serialized = JSON.stringify(error);
    expect(serialized).not.toContain(pan);
    expect(serialized).not.toContain(pan.replace(/[ -]/g, ''));
  });

  it('refuses card numbers stored as JSON numbers', () => {
    for (const pan of [VISA, MASTERCARD, AMEX]) {
      expect(refusal({ amount: Number(pan) })).toMatchObject({
        path: 'details.amount',
        reason: 'card_number',
      });
    }
  });

  it('refuses card numbers embedded in text and in longer digit runs', () => {
    for (const text of [
      `paid with ${VISA} today`,
      `ref:${MASTERCARD};`,
      `card=${AMEX}&x=1`,
      `00${VISA}00`,
      `the card 4111 1111 1111 1111 expired`,
    ]) {
      const error = refusal({ memo: text });
      expect(error).toMatchObject({ path: 'details.memo', reason: 'card_number' });
      expect(JSON.stringify(error)).not.toContain(VISA.slice(0, 12));
    }
    // 1378282246310005 is a safe integer whose digits contain the Amex number.
    expect(refusal({ big: Number(`1${AMEX}`) })).toMatchObject({ reason: 'card_number' });
  });

  it('names the exact place of a card number nested in arrays and objects', () => {
    expect(refusal({ a: [{ b: ['x', `card ${VISA}`] }] })).toEqual({
      type: 'audit.secret_in_details',
      path: 'details.a[0].b[1]',
      reason: 'card_number',
    });
    expect(refusal({ outer: { list: [1, 2, [Number(AMEX)]] } })).toMatchObject({
      path: 'details.outer.list[2][0]',
    });
  });

  it('refuses a card number used as a key, without echoing the key in the path', () => {
    const top = refusal({ [VISA]: 'x' });
    expect(top).toEqual({
      type: 'audit.secret_in_details',
      path: 'details',
      reason: 'card_number',
    });
    const nested = refusal({ cards: { '5555 5555 5555 4444': { label: 'main' } } });
    expect(nested).toMatchObject({ path: 'details.cards', reason: 'card_number' });
    expect(JSON.stringify([top, nested])).not.toMatch(/\d{4}/);
  });

  it.each(['1111111111111111', '1234567812345678', '9999999999999999', '1234123412341234'])(
    'lets the Luhn-invalid run %j through, since none of its 12–19 digit windows is valid',
    (run) => {
      expect(isLuhnValid(run)).toBe(false);
      expect(containsCardNumber(run)).toBe(false);
      expect(guardAgainstSecrets({ reference: run, [run]: `ref ${run}` }).isOk()).toBe(true);
    },
  );

  it('lets Luhn-valid runs shorter than 12 digits through', () => {
    const eleven = `4111111111${luhnCheckDigit('4111111111')}`;
    expect(eleven).toHaveLength(11);
    expect(isLuhnValid(eleven)).toBe(true);
    expect(guardAgainstSecrets({ code: eleven, spaced: '4111 1111 11' }).isOk()).toBe(true);
  });

  it('refuses any Luhn-valid 12–19 digit number embedded in letters, never echoing it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{10,17}$/),
        fc.stringMatching(/^[a-z ]{0,12}$/),
        fc.stringMatching(/^[a-z ]{0,12}$/),
        (payload, before, after) => {
          const pan = `${payload}${luhnCheckDigit(payload)}`;
          const guarded = guardAgainstSecrets({ memo: `${before}${pan}${after}` });
          expect(guarded._unsafeUnwrapErr()).toMatchObject({ reason: 'card_number' });
          expect(JSON.stringify(guarded._unsafeUnwrapErr())).not.toContain(pan);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('passes ordinary details', () => {
    expect(
      guardAgainstSecrets({
        amount: '1250',
        currency: 'EUR',
        accountId: 'acc_01h455vb4pex5vsknk084sn02q',
        last4: '1111',
        bin: '411111',
        flags: [true, false, null],
      }).isOk(),
    ).toBe(true);
  });
});
