import { AUDIT_COLLECTIONS, containsCardNumber } from '@strongroom/audit';
import { unwrapOrThrow } from '@strongroom/kernel';
import { dumpMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { CARD_COLLECTIONS } from '../../src/cards/card-records.js';
import { createStorageSensitiveDataStore } from '../../src/cards/storage-sensitive-data-store.js';
import {
  cardInput,
  createCardHarness,
  listRecords,
  luhnCheckDigit,
  principal,
  TEST_PANS,
} from './card-fixture.js';

const admin = principal();

// Four-digit codes (American Express), so that a match below cannot be a chance hit in a short id.
const AMEX_CODES = ['7391', '8264', '5927'];

// What may legitimately hold random characters: envelopes, tokens, TypeIDs, fingerprint ids, and
// the audit log's hash bytes (hex digests, base64 roots and signatures of checkpoints and tiles).
// They are cut out before looking for a security code, which could otherwise appear by chance
// (a CI run found `…21ad8264e9…` in the border hashes of the audit log's state).
const RANDOM_TEXT =
  /sr1\.[A-Za-z0-9_-]+|tok_[0-9a-z]{32}|[a-z]{2,16}_[0-9a-z]{26}|v\d+\.[A-Za-z0-9_-]{43}|[0-9a-f]{64}|[A-Za-z0-9+/]{40,}={0,2}/g;

describe('what the vault stores', () => {
  it('holds no PAN, no security code and no Luhn-valid digit run in any record', async () => {
    const harness = createCardHarness({
      sensitiveData: (storage, clock) => createStorageSensitiveDataStore({ storage, clock }),
    });
    const { vault, tenantId } = harness;
    const pans: string[] = [...Object.values(TEST_PANS)];
    for (let n = 0; n < 30; n += 1) {
      const payload = `5${String(1 + (n % 5))}${String(n * 7919).padStart(13, '0')}`;
      pans.push(`${payload}${luhnCheckDigit(payload)}`);
    }
    const amex = [TEST_PANS.amex, TEST_PANS.amexAlt];
    const tokens: string[] = [];
    for (const [index, pan] of amex.entries()) {
      const cvv = AMEX_CODES[index] as string;
      tokens.push(
        unwrapOrThrow(await vault.tokenize(tenantId, admin, cardInput(pan, { cvv }))).token,
      );
    }
    const batch = unwrapOrThrow(
      await vault.tokenizeBatch(
        tenantId,
        admin,
        pans.map((pan) => cardInput(pan, { cardholderName: 'Ada Lovelace' })),
      ),
    );
    tokens.push(...batch.map((result) => result._unsafeUnwrap().token));
    // Reveals, a taken code, a pending code, a deletion, refusals, a rotation: every kind of write.
    unwrapOrThrow(
      await vault.detokenize(tenantId, admin, tokens[0] as string, {
        purpose: 'refund',
        reveal: 'full',
      }),
    );
    unwrapOrThrow(
      await vault.detokenize(tenantId, admin, tokens[3] as string, { purpose: 'support' }),
    );
    unwrapOrThrow(
      await vault.takeCvvForAuthorization(tenantId, admin, tokens[0] as string, 'authorization'),
    );
    unwrapOrThrow(await vault.deleteToken(tenantId, admin, tokens[5] as string));
    await vault.detokenize(tenantId, principal([]), tokens[4] as string, { purpose: 'curious' });
    harness.fingerprintKey.rotate();
    unwrapOrThrow(
      await vault.tokenize(
        tenantId,
        admin,
        cardInput(TEST_PANS.amexAlt, { cvv: AMEX_CODES[2] as string }),
      ),
    );
    // Sequence the audit leaves too, so entries, tiles and checkpoints are scanned as well.
    while (unwrapOrThrow(await harness.audit.integrate(tenantId)).integrated > 0) {}
    unwrapOrThrow(await harness.audit.verify(tenantId));

    const rows = dumpMemoryStorage(harness.storage);
    const tokenRows = rows.filter((row) => row.collection === CARD_COLLECTIONS.tokens);
    // Every distinct PAN once (the batch's two American Express cards deduplicated), one deleted.
    expect(tokenRows).toHaveLength(pans.length - 1);
    // The second card's code (replaced once) waits in vault.sad; the taken one is gone.
    expect(rows.filter((row) => row.collection === CARD_COLLECTIONS.sensitiveData)).toHaveLength(1);
    expect(rows.some((row) => row.collection === AUDIT_COLLECTIONS.entries)).toBe(true);
    // What the port lists is what lies below it.
    expect(await listRecords(harness.storage, tenantId, CARD_COLLECTIONS.tokens)).toHaveLength(
      tokenRows.length,
    );

    for (const row of rows) {
      const json = JSON.stringify(row.data);
      for (const pan of pans) expect(json).not.toContain(pan);
      expect(json).not.toContain('Ada Lovelace');
      const withoutRandomText = json.replace(RANDOM_TEXT, '');
      for (const code of AMEX_CODES)
        expect(withoutRandomText).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
      // Vault records and audit leaves are text the vault chose: no card-like digit run at all.
      // (Audit tiles and roots are hash bytes whose hex or base64 may hold any digits by chance.)
      if (
        row.collection.startsWith('vault.') ||
        row.collection === AUDIT_COLLECTIONS.pending ||
        row.collection === AUDIT_COLLECTIONS.entries
      ) {
        expect(containsCardNumber(json), `${row.collection}/${row.id}`).toBe(false);
      }
      // Record ids too, for the vault's own collections (audit.entries ids are zero-padded
      // sequence numbers, which a Luhn scan cannot tell from card numbers).
      if (row.collection.startsWith('vault.')) expect(containsCardNumber(row.id)).toBe(false);
    }
  });
});
