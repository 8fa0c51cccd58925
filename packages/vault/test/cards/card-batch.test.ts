import { err, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { CARD_BATCH_SIZE_MAX } from '../../src/cards/card-limits.js';
import { CARD_PERMISSIONS } from '../../src/cards/card-permissions.js';
import { CARD_COLLECTIONS } from '../../src/cards/card-records.js';
import type { EnvelopeCipher } from '../../src/envelope/envelope-cipher.js';
import {
  auditLeaves,
  cardInput,
  createCardHarness,
  listRecords,
  luhnCheckDigit,
  principal,
  TEST_PANS,
} from './card-fixture.js';

const admin = principal();

// Distinct Luhn-valid Visa PANs.
function visaPan(n: number): string {
  const payload = `4${String(n).padStart(14, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

describe('tokenizeBatch', () => {
  it('returns one result per card in order: invalid cards fail alone, duplicates share a token', async () => {
    const harness = createCardHarness();
    const results = unwrapOrThrow(
      await harness.vault.tokenizeBatch(harness.tenantId, admin, [
        cardInput(TEST_PANS.visa),
        cardInput('4242424242424241'),
        cardInput(TEST_PANS.amex, { cvv: '1234' }),
        cardInput('4242 4242 4242 4242'),
        cardInput(TEST_PANS.mastercard, { expiryYear: 2025 }),
        cardInput(TEST_PANS.discover, { cardholderName: '' }),
      ]),
    );
    expect(results).toHaveLength(6);
    const [visa, badLuhn, amex, visaAgain, expired, noName] = results;
    expect(visa?._unsafeUnwrap()).toMatchObject({ brand: 'visa', deduplicated: false });
    expect(badLuhn?._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'pan',
      reason: 'luhn_failed',
    });
    expect(amex?._unsafeUnwrap()).toMatchObject({ brand: 'amex', last4: '0005' });
    expect(visaAgain?._unsafeUnwrap()).toMatchObject({
      token: visa?._unsafeUnwrap().token,
      deduplicated: true,
    });
    expect(expired?._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'expiryYear',
      reason: 'expired',
    });
    expect(noName?._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'cardholderName',
      reason: 'empty',
    });
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens),
    ).toHaveLength(2);
    expect((await auditLeaves(harness)).map((leaf) => leaf.action)).toEqual([
      'vault.card.tokenized',
      'vault.card.tokenized',
      'vault.card.tokenized',
    ]);
    // The batch's security code is held like a single tokenization's.
    const amexToken = amex?._unsafeUnwrap().token ?? '';
    const cvv = await harness.vault.takeCvvForAuthorization(
      harness.tenantId,
      admin,
      amexToken,
      'authorization',
    );
    expect(cvv._unsafeUnwrap()).toBe('1234');
  });

  it(`refuses more than ${CARD_BATCH_SIZE_MAX} cards whole, writing nothing`, async () => {
    const harness = createCardHarness();
    const inputs = Array.from({ length: CARD_BATCH_SIZE_MAX + 1 }, (_, n) => cardInput(visaPan(n)));
    const result = await harness.vault.tokenizeBatch(harness.tenantId, admin, inputs);
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'vault.batch_too_large',
      maximum: CARD_BATCH_SIZE_MAX,
      attempted: CARD_BATCH_SIZE_MAX + 1,
    });
    expect(await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens)).toEqual(
      [],
    );
    expect(await auditLeaves(harness)).toEqual([]);
  });

  it('answers an empty batch with no results', async () => {
    const harness = createCardHarness();
    expect(unwrapOrThrow(await harness.vault.tokenizeBatch(harness.tenantId, admin, []))).toEqual(
      [],
    );
  });

  it('splits a full batch into transactions the storage can commit (DynamoDB-sized limits)', async () => {
    const harness = createCardHarness({ limits: { writesPerTransaction: 25 } });
    const inputs = Array.from({ length: CARD_BATCH_SIZE_MAX }, (_, n) => cardInput(visaPan(n)));
    const results = unwrapOrThrow(
      await harness.vault.tokenizeBatch(harness.tenantId, admin, inputs),
    );
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(new Set(results.map((result) => result._unsafeUnwrap().token)).size).toBe(
      CARD_BATCH_SIZE_MAX,
    );
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens),
    ).toHaveLength(CARD_BATCH_SIZE_MAX);
    expect(await auditLeaves(harness)).toHaveLength(CARD_BATCH_SIZE_MAX);
  });

  it('fails only the card whose encryption failed', async () => {
    let calls = 0;
    const failSecondPan = (cipher: EnvelopeCipher): EnvelopeCipher => ({
      ...cipher,
      encrypt: (keyId, binding, plaintext) => {
        if (binding.field === 'pan') calls += 1;
        if (binding.field === 'pan' && calls === 2) {
          return Promise.resolve(err({ type: 'kms.key_not_found' as const, keyId }));
        }
        return cipher.encrypt(keyId, binding, plaintext);
      },
    });
    const harness = createCardHarness({ cipher: failSecondPan });
    const results = unwrapOrThrow(
      await harness.vault.tokenizeBatch(harness.tenantId, admin, [
        cardInput(TEST_PANS.visa),
        cardInput(TEST_PANS.mastercard),
        cardInput(TEST_PANS.amex),
      ]),
    );
    expect(results.map((result) => result.isOk())).toEqual([true, false, true]);
    expect(results[1]?._unsafeUnwrapErr()).toEqual({ type: 'kms.key_not_found', keyId: 'cards' });
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens),
    ).toHaveLength(2);
  });

  it('refuses a principal without vault.card.tokenize with one error and one denied leaf', async () => {
    const harness = createCardHarness();
    const result = await harness.vault.tokenizeBatch(
      harness.tenantId,
      principal([CARD_PERMISSIONS.revealMasked]),
      [cardInput(TEST_PANS.visa), cardInput(TEST_PANS.amex)],
    );
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'vault.permission_denied',
      permission: 'vault.card.tokenize',
    });
    expect((await auditLeaves(harness)).map((leaf) => leaf.outcome)).toEqual(['denied']);
    expect(await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens)).toEqual(
      [],
    );
  });
});
