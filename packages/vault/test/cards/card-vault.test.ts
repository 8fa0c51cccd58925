import { containsCardNumber } from '@strongroom/audit';
import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { CARD_PERMISSIONS } from '../../src/cards/card-permissions.js';
import { CARD_COLLECTIONS } from '../../src/cards/card-records.js';
import type { EnvelopeCipher } from '../../src/envelope/envelope-cipher.js';
import {
  auditLeaves,
  type CardHarness,
  cardInput,
  createCardHarness,
  getRecord,
  listRecords,
  principal,
  TEST_PANS,
  tenant,
} from './card-fixture.js';

const PURPOSE = { purpose: 'refund 8812' };
const admin = principal();

async function tokenize(harness: CardHarness, pan: string, overrides = {}) {
  return unwrapOrThrow(
    await harness.vault.tokenize(harness.tenantId, admin, cardInput(pan, overrides)),
  );
}

function countingCipher(counts: { decrypt: number; encrypt: number }) {
  return (cipher: EnvelopeCipher): EnvelopeCipher => ({
    encrypt: (...args) => {
      counts.encrypt += 1;
      return cipher.encrypt(...args);
    },
    decrypt: (...args) => {
      counts.decrypt += 1;
      return cipher.decrypt(...args);
    },
    rewrap: (...args) => cipher.rewrap(...args),
  });
}

describe('tokenize', () => {
  it('tokenizes every published test card: random token, brand, last four, a display that is no card', async () => {
    const harness = createCardHarness();
    const tokens = new Set<string>();
    for (const pan of Object.values(TEST_PANS)) {
      const card = await tokenize(harness, pan);
      expect(card.token).toMatch(/^tok_[0-9a-hjkmnp-tv-z]{32}$/);
      expect(card.last4).toBe(pan.slice(-4));
      expect(card.deduplicated).toBe(false);
      expect(card.expiresAt).toBeNull();
      expect(card.display.endsWith(pan.slice(-4))).toBe(true);
      expect(containsCardNumber(card.display)).toBe(false);
      tokens.add(card.token);
    }
    expect(tokens.size).toBe(Object.values(TEST_PANS).length);
  });

  it('stores the PAN only as an envelope, indexes its keyed fingerprint and writes one audit leaf', async () => {
    const harness = createCardHarness();
    const card = unwrapOrThrow(
      await harness.vault.tokenize(harness.tenantId, admin, cardInput(TEST_PANS.visa), {
        requestId: 'req_1',
        correlationId: 'cor_1',
      }),
    );
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', display: '42424242****4242' });
    const record = await getRecord(
      harness.storage,
      harness.tenantId,
      CARD_COLLECTIONS.tokens,
      card.token,
    );
    expect(record?.data).toMatchObject({
      brand: 'visa',
      bin: '42424242',
      last4: '4242',
      panLength: 16,
      expiryMonth: 12,
      expiryYear: 2030,
      expiresAt: null,
      createdAt: '2026-01-15T12:00:00.000Z',
    });
    expect(String(record?.data['panEnvelope'])).toMatch(/^sr1\./);
    const json = JSON.stringify(record);
    expect(json).not.toContain(TEST_PANS.visa);
    expect(json).not.toContain('Ada Lovelace');
    const index = await listRecords(
      harness.storage,
      harness.tenantId,
      CARD_COLLECTIONS.fingerprints,
    );
    expect(index).toHaveLength(1);
    expect(index[0]?.id).toMatch(/^v1\.[A-Za-z0-9_-]{43}$/);
    expect(index[0]?.data).toEqual({ token: card.token });
    expect(record?.data['fingerprints']).toEqual([index[0]?.id]);

    const [leaf, ...others] = await auditLeaves(harness);
    expect(others).toHaveLength(0);
    expect(leaf).toMatchObject({
      action: 'vault.card.tokenized',
      actor: admin.actor,
      resource: { type: 'vault.card_token', id: card.token },
      outcome: 'succeeded',
      requestId: 'req_1',
      correlationId: 'cor_1',
      details: {
        brand: 'visa',
        deduplicated: false,
        fingerprintVersion: 1,
        withSensitiveData: false,
      },
    });
  });

  it('keeps an optional token lifetime and refuses the token once it ended', async () => {
    const harness = createCardHarness();
    const expiresAt = new Date('2026-01-15T13:00:00.000Z');
    const card = await tokenize(harness, TEST_PANS.mastercard, { expiresAt });
    expect(card.expiresAt).toEqual(expiresAt);
    expect(
      (await harness.vault.detokenize(harness.tenantId, admin, card.token, PURPOSE)).isOk(),
    ).toBe(true);
    harness.clock.set(expiresAt);
    const error = (
      await harness.vault.detokenize(harness.tenantId, admin, card.token, PURPOSE)
    )._unsafeUnwrapErr();
    expect(error).toEqual({ type: 'vault.token_expired' });
    const leaf = (await auditLeaves(harness)).at(-1);
    expect(leaf).toMatchObject({
      action: 'vault.card.revealed',
      outcome: 'failed',
      details: { purpose: 'refund 8812', reveal: 'masked', reason: 'vault.token_expired' },
    });
  });

  it('refuses an invalid card with a typed error and writes nothing', async () => {
    const harness = createCardHarness();
    const result = await harness.vault.tokenize(
      harness.tenantId,
      admin,
      cardInput('4242424242424241'),
    );
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'pan',
      reason: 'luhn_failed',
    });
    expect(await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens)).toEqual(
      [],
    );
    expect(await auditLeaves(harness)).toEqual([]);
  });

  it('reports a KMS without the card KEK and a missing or weak fingerprint key, writing nothing', async () => {
    const noKek = createCardHarness({ keyId: 'missing' });
    const kmsError = await noKek.vault.tokenize(noKek.tenantId, admin, cardInput(TEST_PANS.visa));
    expect(kmsError._unsafeUnwrapErr()).toEqual({ type: 'kms.key_not_found', keyId: 'missing' });
    expect(await listRecords(noKek.storage, noKek.tenantId, CARD_COLLECTIONS.tokens)).toEqual([]);

    const harness = createCardHarness();
    harness.fingerprintKey.replace([]);
    expect(
      (
        await harness.vault.tokenize(harness.tenantId, admin, cardInput(TEST_PANS.visa))
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'secrets.not_found',
      name: 'card-fingerprint',
    });
    harness.fingerprintKey.replace([{ version: 1, value: new Uint8Array(16) }]);
    expect(
      (
        await harness.vault.tokenize(harness.tenantId, admin, cardInput(TEST_PANS.visa))
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'secrets.malformed',
      name: 'card-fingerprint',
      reason: 'too_short',
    });
    harness.fingerprintKey.replace(
      Array.from({ length: 9 }, (_, index) => ({ version: 9 - index, value: new Uint8Array(32) })),
    );
    expect(
      (
        await harness.vault.tokenize(harness.tenantId, admin, cardInput(TEST_PANS.visa))
      )._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'secrets.malformed', reason: 'version_count' });
    expect(await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens)).toEqual(
      [],
    );
  });
});

describe('deduplication', () => {
  it('returns the existing token for the same PAN, however it is spaced', async () => {
    const harness = createCardHarness();
    const first = await tokenize(harness, TEST_PANS.visa);
    const second = await tokenize(harness, '4242 4242 4242 4242');
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens),
    ).toHaveLength(1);
    const leaves = await auditLeaves(harness);
    expect(leaves.map((leaf) => leaf.details['deduplicated'])).toEqual([false, true]);
  });

  it('deduplicates per tenant: the same PAN elsewhere gets another token and unrelated fingerprints', async () => {
    const harness = createCardHarness();
    const other = tenant('globex');
    const mine = await tokenize(harness, TEST_PANS.visa);
    const theirs = unwrapOrThrow(
      await harness.vault.tokenize(other, admin, cardInput(TEST_PANS.visa)),
    );
    expect(theirs.token).not.toBe(mine.token);
    expect(theirs.deduplicated).toBe(false);
    const [myIndex] = await listRecords(
      harness.storage,
      harness.tenantId,
      CARD_COLLECTIONS.fingerprints,
    );
    const [theirIndex] = await listRecords(harness.storage, other, CARD_COLLECTIONS.fingerprints);
    expect(myIndex?.id).not.toBe(theirIndex?.id);
    // Tenant isolation: neither tenant can reveal the other's token.
    expect(
      (await harness.vault.detokenize(other, admin, mine.token, PURPOSE))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.token_not_found',
    });
    expect(
      (
        await harness.vault.detokenize(harness.tenantId, admin, theirs.token, PURPOSE)
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.token_not_found' });
  });

  it('finds the token after the fingerprint key rotated, and after the old version retired', async () => {
    const harness = createCardHarness();
    const first = await tokenize(harness, TEST_PANS.amex);
    harness.fingerprintKey.rotate();
    const afterRotation = await tokenize(harness, TEST_PANS.amex);
    expect(afterRotation.token).toBe(first.token);
    expect(afterRotation.deduplicated).toBe(true);
    const index = await listRecords(
      harness.storage,
      harness.tenantId,
      CARD_COLLECTIONS.fingerprints,
    );
    expect(index.map((record) => record.id.split('.')[0]).sort()).toEqual(['v1', 'v2']);
    expect(index.every((record) => record.data['token'] === first.token)).toBe(true);
    const record = await getRecord(
      harness.storage,
      harness.tenantId,
      CARD_COLLECTIONS.tokens,
      first.token,
    );
    expect(record?.data['fingerprints']).toHaveLength(2);
    expect((await auditLeaves(harness)).at(-1)?.details['fingerprintVersion']).toBe(2);

    harness.fingerprintKey.retireOldVersions();
    const afterRetirement = await tokenize(harness, TEST_PANS.amex);
    expect(afterRetirement.token).toBe(first.token);
    // A PAN first seen after the rotation is indexed under the current version only.
    await tokenize(harness, TEST_PANS.discover);
    expect(
      (await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.fingerprints)).filter(
        (entry) => entry.id.startsWith('v2.'),
      ),
    ).toHaveLength(2);
  });

  it('gives concurrent tokenizations of one PAN a single token', async () => {
    const harness = createCardHarness();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        harness.vault.tokenize(harness.tenantId, admin, cardInput(TEST_PANS.jcb)),
      ),
    );
    const cards = results.map((result) => unwrapOrThrow(result));
    expect(new Set(cards.map((card) => card.token)).size).toBe(1);
    expect(cards.filter((card) => !card.deduplicated)).toHaveLength(1);
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens),
    ).toHaveLength(1);
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.fingerprints),
    ).toHaveLength(1);
    expect(await auditLeaves(harness)).toHaveLength(8);
  });

  it('moves a reissued card to its later expiry, never to an earlier one', async () => {
    const harness = createCardHarness();
    const card = await tokenize(harness, TEST_PANS.visa, { expiryMonth: 3, expiryYear: 2027 });
    await tokenize(harness, TEST_PANS.visa, { expiryMonth: 3, expiryYear: 2031 });
    await tokenize(harness, TEST_PANS.visa, { expiryMonth: 1, expiryYear: 2029 });
    const masked = unwrapOrThrow(
      await harness.vault.detokenize(harness.tenantId, admin, card.token, PURPOSE),
    );
    expect(masked).toMatchObject({ expiryMonth: 3, expiryYear: 2031 });
  });

  it('mints a new token when the PAN’s token has expired, and later deletes do not break it', async () => {
    const harness = createCardHarness();
    const old = await tokenize(harness, TEST_PANS.visa, {
      expiresAt: new Date('2026-02-01T00:00:00Z'),
    });
    harness.clock.set(new Date('2026-03-01T00:00:00Z'));
    const fresh = await tokenize(harness, TEST_PANS.visa);
    expect(fresh.token).not.toBe(old.token);
    expect(fresh.deduplicated).toBe(false);
    const [index] = await listRecords(
      harness.storage,
      harness.tenantId,
      CARD_COLLECTIONS.fingerprints,
    );
    expect(index?.data).toEqual({ token: fresh.token });
    // Deleting the expired token leaves the index record that now points to the new one.
    unwrapOrThrow(await harness.vault.deleteToken(harness.tenantId, admin, old.token));
    expect((await tokenize(harness, TEST_PANS.visa)).token).toBe(fresh.token);
  });
});

describe('detokenize', () => {
  it('reveals masked by default, from stored metadata alone, and audits the purpose', async () => {
    const counts = { decrypt: 0, encrypt: 0 };
    const harness = createCardHarness({ cipher: countingCipher(counts) });
    const card = await tokenize(harness, TEST_PANS.amex);
    const masked = unwrapOrThrow(
      await harness.vault.detokenize(harness.tenantId, admin, card.token, PURPOSE, {
        requestId: 'req_9',
      }),
    );
    expect(masked).toEqual({
      reveal: 'masked',
      token: card.token,
      brand: 'amex',
      bin: '378282',
      last4: '0005',
      display: '378282*****0005',
      expiryMonth: 12,
      expiryYear: 2030,
      expiresAt: null,
    });
    expect(counts.decrypt).toBe(0);
    expect((await auditLeaves(harness)).at(-1)).toMatchObject({
      action: 'vault.card.revealed',
      resource: { type: 'vault.card_token', id: card.token },
      outcome: 'succeeded',
      requestId: 'req_9',
      details: { purpose: 'refund 8812', reveal: 'masked' },
    });
  });

  it('reveals in full only with the full permission, and audits it without the PAN', async () => {
    const harness = createCardHarness();
    const card = await tokenize(harness, TEST_PANS.mastercardSeries2, {
      cardholderName: 'Grace Hopper',
    });
    const full = unwrapOrThrow(
      await harness.vault.detokenize(
        harness.tenantId,
        principal([CARD_PERMISSIONS.revealFull]),
        card.token,
        { purpose: 'chargeback evidence', reveal: 'full' },
      ),
    );
    expect(full).toMatchObject({
      reveal: 'full',
      pan: TEST_PANS.mastercardSeries2,
      cardholderName: 'Grace Hopper',
      bin: '22230031',
      last4: '3222',
    });
    const leaf = (await auditLeaves(harness)).at(-1);
    expect(leaf).toMatchObject({
      outcome: 'succeeded',
      details: { purpose: 'chargeback evidence', reveal: 'full' },
    });
    expect(JSON.stringify(leaf)).not.toContain(TEST_PANS.mastercardSeries2);
  });

  it('keeps the two reveal permissions distinct and audits each refusal', async () => {
    const harness = createCardHarness();
    const card = await tokenize(harness, TEST_PANS.visa);
    const maskedOnly = principal([CARD_PERMISSIONS.revealMasked], 'usr_support');
    const fullOnly = principal([CARD_PERMISSIONS.revealFull], 'usr_payments');
    expect(
      (
        await harness.vault.detokenize(harness.tenantId, maskedOnly, card.token, {
          ...PURPOSE,
          reveal: 'full',
        })
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.permission_denied', permission: 'vault.card.reveal_full' });
    expect(
      (
        await harness.vault.detokenize(harness.tenantId, fullOnly, card.token, PURPOSE)
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.permission_denied', permission: 'vault.card.reveal_masked' });
    const [, deniedFull, deniedMasked] = await auditLeaves(harness).then((leaves) =>
      leaves.sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(deniedFull).toMatchObject({
      action: 'vault.card.revealed',
      actor: { id: 'usr_support' },
      resource: { id: card.token },
      outcome: 'denied',
      details: { permission: 'vault.card.reveal_full' },
    });
    expect(deniedMasked).toMatchObject({ outcome: 'denied', actor: { id: 'usr_payments' } });
  });

  it('refuses bad requests with typed errors: purpose, token format, reveal level', async () => {
    const harness = createCardHarness();
    const card = await tokenize(harness, TEST_PANS.visa);
    const { vault, tenantId } = harness;
    expect(
      (await vault.detokenize(tenantId, admin, card.token, { purpose: ' ' }))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'purpose',
      reason: 'empty',
    });
    expect(
      (await vault.detokenize(tenantId, admin, card.token, {} as never))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'purpose',
      reason: 'not_a_string',
    });
    expect(
      (await vault.detokenize(tenantId, admin, 'tok_nope', PURPOSE))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'token',
      reason: 'bad_format',
    });
    expect(
      (
        await vault.detokenize(tenantId, admin, card.token, { ...PURPOSE, reveal: 'all' as never })
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'validation', field: 'reveal', reason: 'unknown' });
    // A refused caller gets the refusal even for a malformed token, recorded against the vault.
    const stranger = principal([]);
    expect(
      (await vault.detokenize(tenantId, stranger, 'tok_nope', PURPOSE))._unsafeUnwrapErr().type,
    ).toBe('vault.permission_denied');
    expect(
      (await auditLeaves(harness)).find((leaf) => leaf.outcome === 'denied')?.resource,
    ).toEqual({
      type: 'vault.card_vault',
      id: 'cards',
    });
  });

  it('reports an unknown token and records the probe', async () => {
    const harness = createCardHarness();
    const unknown = 'tok_0123456789abcdefghjkmnpqrstvwxyz';
    expect(
      (
        await harness.vault.detokenize(harness.tenantId, admin, unknown, PURPOSE)
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.token_not_found',
    });
    expect(await auditLeaves(harness)).toEqual([
      expect.objectContaining({
        action: 'vault.card.revealed',
        outcome: 'failed',
        resource: { type: 'vault.card_token', id: unknown },
        details: { purpose: 'refund 8812', reveal: 'masked', reason: 'vault.token_not_found' },
      }),
    ]);
  });

  it('fails a full reveal whose envelope was moved to another token, and audits the failure', async () => {
    const harness = createCardHarness();
    const a = await tokenize(harness, TEST_PANS.visa);
    const b = await tokenize(harness, TEST_PANS.mastercard);
    unwrapOrThrow(
      await harness.storage.transaction(harness.tenantId, async (tx) => {
        const recordA = await tx.records.get(CARD_COLLECTIONS.tokens, a.token);
        const recordB = await tx.records.get(CARD_COLLECTIONS.tokens, b.token);
        if (recordA === undefined || recordB === undefined) throw new Error('missing');
        await tx.records.put({
          collection: CARD_COLLECTIONS.tokens,
          id: a.token,
          data: { ...recordA.data, panEnvelope: recordB.data['panEnvelope'] ?? null },
          expectedVersion: recordA.version,
        });
        return ok(undefined);
      }),
    );
    const result = await harness.vault.detokenize(harness.tenantId, admin, a.token, {
      ...PURPOSE,
      reveal: 'full',
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'vault.decryption_failed',
      reason: 'authentication',
    });
    expect((await auditLeaves(harness)).find((leaf) => leaf.outcome === 'failed')).toMatchObject({
      details: { reason: 'vault.decryption_failed', reveal: 'full' },
    });
  });
});

describe('deleteToken', () => {
  it('deletes token and index; the token is then unknown and the PAN gets a new token', async () => {
    const harness = createCardHarness();
    const card = await tokenize(harness, TEST_PANS.discover);
    harness.fingerprintKey.rotate();
    await tokenize(harness, TEST_PANS.discover);
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.fingerprints),
    ).toHaveLength(2);
    unwrapOrThrow(
      await harness.vault.deleteToken(harness.tenantId, admin, card.token, { requestId: 'req_d' }),
    );
    expect(
      await getRecord(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens, card.token),
    ).toBeUndefined();
    expect(
      await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.fingerprints),
    ).toEqual([]);
    expect(
      (
        await harness.vault.detokenize(harness.tenantId, admin, card.token, PURPOSE)
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.token_not_found',
    });
    const again = await tokenize(harness, TEST_PANS.discover);
    expect(again.token).not.toBe(card.token);
    expect(again.deduplicated).toBe(false);
    expect(
      (await auditLeaves(harness)).find((leaf) => leaf.action === 'vault.card.deleted'),
    ).toMatchObject({
      outcome: 'succeeded',
      requestId: 'req_d',
      resource: { id: card.token },
      details: { brand: 'discover' },
    });
  });

  it('reports an unknown token, a malformed one, and a refusal, each audited', async () => {
    const harness = createCardHarness();
    const card = await tokenize(harness, TEST_PANS.visa);
    unwrapOrThrow(await harness.vault.deleteToken(harness.tenantId, admin, card.token));
    expect(
      (await harness.vault.deleteToken(harness.tenantId, admin, card.token))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.token_not_found',
    });
    expect(
      (await harness.vault.deleteToken(harness.tenantId, admin, 'nope'))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'token',
      reason: 'bad_format',
    });
    const reader = principal([CARD_PERMISSIONS.revealMasked, CARD_PERMISSIONS.revealFull]);
    expect(
      (await harness.vault.deleteToken(harness.tenantId, reader, card.token))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.permission_denied',
      permission: 'vault.card.delete',
    });
    const deletions = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === 'vault.card.deleted',
    );
    expect(deletions.map((leaf) => leaf.outcome).sort()).toEqual(['denied', 'failed', 'succeeded']);
  });
});

describe('tokenize permission', () => {
  it('refuses a principal without vault.card.tokenize, audits it, and stores nothing', async () => {
    const harness = createCardHarness();
    const reader = principal([CARD_PERMISSIONS.revealFull], 'svc_reporting');
    const result = await harness.vault.tokenize(
      harness.tenantId,
      reader,
      cardInput(TEST_PANS.visa),
      {
        requestId: 'req_x',
      },
    );
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'vault.permission_denied',
      permission: 'vault.card.tokenize',
    });
    expect(await listRecords(harness.storage, harness.tenantId, CARD_COLLECTIONS.tokens)).toEqual(
      [],
    );
    expect(await auditLeaves(harness)).toEqual([
      expect.objectContaining({
        action: 'vault.card.tokenized',
        outcome: 'denied',
        actor: { type: 'user', id: 'svc_reporting' },
        resource: { type: 'vault.card_vault', id: 'cards' },
        requestId: 'req_x',
        details: { permission: 'vault.card.tokenize' },
      }),
    ]);
  });
});
