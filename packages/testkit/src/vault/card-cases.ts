import { unwrapOrThrow } from '@strongroom/kernel';
import {
  CARD_AUDIT_ACTIONS,
  CARD_AUDIT_RESOURCES,
  CARD_BATCH_SIZE_MAX,
  CARD_COLLECTIONS,
  CARD_PERMISSIONS,
  CARD_WRITES_PER_CARD,
  MASK_CHARACTER,
  type RevealedCard,
} from '@strongroom/vault';
import { expect, it } from 'vitest';
import { isDumpedRowOf } from './stored-data-scan.js';
import {
  breakLuhn,
  cardInput,
  luhnCheckDigit,
  PUBLISHED_TEST_PANS,
  randomVisaPans,
} from './test-cards.js';
import {
  dumpedRows,
  listRecords,
  principal,
  provenAuditEntries,
  SUITE_ACTOR,
  type VaultSuiteContext,
} from './vault-suite-context.js';

/** Asserts a reveal shows no more than BIN and last four, and no name. */
function expectMaskedOnly(card: RevealedCard, pan: string): void {
  expect(card.reveal).toBe('masked');
  expect(card).not.toHaveProperty('pan');
  expect(card).not.toHaveProperty('cardholderName');
  expect(card.bin.length).toBeLessThanOrEqual(pan.length >= 16 ? 8 : 6);
  expect(card.bin).toBe(pan.slice(0, card.bin.length));
  expect(card.last4).toBe(pan.slice(-4));
  const hidden = pan.length - card.bin.length - card.last4.length;
  expect(hidden).toBeGreaterThanOrEqual(4);
  expect(card.display).toBe(`${card.bin}${MASK_CHARACTER.repeat(hidden)}${card.last4}`);
  expect(JSON.stringify(card)).not.toContain(pan);
}

/** Tokenize, reveal, deduplicate, delete; tenants apart; batches beyond one transaction; refusals. */
export function defineCardCases(context: VaultSuiteContext): void {
  it('tokenizes, reveals masked and then in full for a purpose, deduplicates, deletes and tokenizes anew', async () => {
    const { vault, audit, storage } = await context.vault();
    const tenantId = context.tenant();
    const pan = PUBLISHED_TEST_PANS.visa;
    const cardholderName = 'Ada Lovelace';
    context.sensitive.addPans(pan);
    context.sensitive.addText(cardholderName);
    const card = unwrapOrThrow(
      await vault.cards.tokenize(tenantId, principal(), cardInput(pan, { cardholderName })),
    );
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', deduplicated: false });
    expect(card.token).toMatch(/^tok_[0-9a-z]{26,}$/);
    expect(JSON.stringify(card)).not.toContain(pan);

    const maskedReader = principal([CARD_PERMISSIONS.revealMasked]);
    const masked = unwrapOrThrow(
      await vault.cards.detokenize(tenantId, maskedReader, card.token, { purpose: 'support 77' }),
    );
    expectMaskedOnly(masked, pan);
    const full = { purpose: 'refund 8812', reveal: 'full' } as const;
    expect(
      (await vault.cards.detokenize(tenantId, maskedReader, card.token, full))._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.permission_denied', permission: CARD_PERMISSIONS.revealFull });
    const fullReader = principal([CARD_PERMISSIONS.revealFull]);
    expect(
      (
        await vault.cards.detokenize(tenantId, fullReader, card.token, { ...full, purpose: ' ' })
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'validation', field: 'purpose', reason: 'empty' });
    expect(
      unwrapOrThrow(await vault.cards.detokenize(tenantId, fullReader, card.token, full)),
    ).toMatchObject({ reveal: 'full', token: card.token, pan, cardholderName });

    const again = unwrapOrThrow(
      await vault.cards.tokenize(
        tenantId,
        principal(),
        cardInput('4242 4242 4242 4242', { cardholderName }),
      ),
    );
    expect(again).toEqual({ ...card, deduplicated: true });
    expect(await listRecords(storage, tenantId, CARD_COLLECTIONS.tokens)).toHaveLength(1);

    const tokenRows = async () =>
      (await dumpedRows(context.tamper(), CARD_COLLECTIONS.tokens)).filter((row) =>
        row.includes(card.token),
      );
    expect(await tokenRows()).toHaveLength(1);
    unwrapOrThrow(await vault.cards.deleteToken(tenantId, principal(), card.token));
    const notFound = { type: 'vault.token_not_found' };
    expect(
      (await vault.cards.detokenize(tenantId, principal(), card.token, full))._unsafeUnwrapErr(),
    ).toEqual(notFound);
    expect(
      (await vault.cards.deleteToken(tenantId, principal(), card.token))._unsafeUnwrapErr(),
    ).toEqual(notFound);
    // Gone below the port too, not merely hidden by the vault.
    expect(await tokenRows()).toEqual([]);

    const fresh = unwrapOrThrow(
      await vault.cards.tokenize(tenantId, principal(), cardInput(pan, { cardholderName })),
    );
    expect(fresh.deduplicated).toBe(false);
    expect(fresh.token).not.toBe(card.token);
    expect(
      unwrapOrThrow(await vault.cards.detokenize(tenantId, fullReader, fresh.token, full)),
    ).toMatchObject({ pan, cardholderName });

    const reveals = await provenAuditEntries(
      audit,
      storage,
      tenantId,
      (entry) => entry.action === CARD_AUDIT_ACTIONS.revealed,
    );
    expect(reveals.map((entry) => [entry.outcome, entry.details['reveal'] ?? null])).toEqual(
      expect.arrayContaining([
        ['succeeded', 'masked'],
        ['denied', null],
        ['succeeded', 'full'],
      ]),
    );
    expect(
      reveals.find((entry) => entry.outcome === 'succeeded' && entry.details['reveal'] === 'full')
        ?.details['purpose'],
    ).toBe('refund 8812');
  });

  it('keeps tenants apart: another tenant can neither see, use nor delete a token', async () => {
    const { vault, storage } = await context.vault();
    const owner = context.tenant('owner');
    const other = context.tenant('other');
    const pan = PUBLISHED_TEST_PANS.mastercard;
    context.sensitive.addPans(pan);
    const card = unwrapOrThrow(await vault.cards.tokenize(owner, principal(), cardInput(pan)));
    const notFound = { type: 'vault.token_not_found' };
    const full = { purpose: 'curious', reveal: 'full' } as const;
    expect(
      (await vault.cards.detokenize(other, principal(), card.token, full))._unsafeUnwrapErr(),
    ).toEqual(notFound);
    expect(
      (
        await vault.cards.detokenize(other, principal(), card.token, { purpose: 'curious' })
      )._unsafeUnwrapErr(),
    ).toEqual(notFound);
    expect(
      (
        await vault.cards.takeCvvForAuthorization(other, principal(), card.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual(notFound);
    expect(
      (await vault.cards.deleteToken(other, principal(), card.token))._unsafeUnwrapErr(),
    ).toEqual(notFound);
    // The same card in the other tenant is a card of its own: fingerprints are per tenant.
    const theirs = unwrapOrThrow(await vault.cards.tokenize(other, principal(), cardInput(pan)));
    expect(theirs.deduplicated).toBe(false);
    expect(theirs.token).not.toBe(card.token);
    expect(
      (await listRecords(storage, other, CARD_COLLECTIONS.tokens)).map((record) => record.id),
    ).toEqual([theirs.token]);
    expect(
      unwrapOrThrow(await vault.cards.detokenize(owner, principal(), card.token, full)),
    ).toMatchObject({ pan });
  });

  it('tokenizes a batch larger than one transaction of this backend takes, one result per card', async () => {
    const { vault, storage } = await context.vault();
    const tenantId = context.tenant();
    const cardsPerTransaction = Math.floor(
      storage.limits.writesPerTransaction / CARD_WRITES_PER_CARD,
    );
    // Two invalid cards ride along; the valid ones need more than one transaction wherever the
    // backend's limit lets a batch be that large (DynamoDB: 100 items, 33 cards).
    const validCount = Math.min(CARD_BATCH_SIZE_MAX - 2, cardsPerTransaction + 1);
    const pans = randomVisaPans(validCount + 2);
    const [luhnFailing, expiredPan] = [
      breakLuhn(pans[validCount] ?? ''),
      pans[validCount + 1] ?? '',
    ];
    const validPans = pans.slice(0, validCount);
    context.sensitive.addPans(...pans, luhnFailing);
    const inputs = validPans.map((pan) => cardInput(pan));
    inputs.splice(1, 0, cardInput(luhnFailing));
    inputs.splice(inputs.length - 1, 0, cardInput(expiredPan, { expiryYear: 2024 }));

    const results = unwrapOrThrow(await vault.cards.tokenizeBatch(tenantId, principal(), inputs));
    expect(results).toHaveLength(inputs.length);
    expect(results[1]?._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'pan',
      reason: 'luhn_failed',
    });
    expect(results[inputs.length - 2]?._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'expiryYear',
      reason: 'expired',
    });
    const tokenized = results.filter((result) => result.isOk()).map((result) => result.value);
    expect(tokenized.map((card) => card.last4)).toEqual(validPans.map((pan) => pan.slice(-4)));
    expect(new Set(tokenized.map((card) => card.token)).size).toBe(validCount);
    expect(await listRecords(storage, tenantId, CARD_COLLECTIONS.tokens)).toHaveLength(validCount);
    // The first and the last card were committed in different transactions where the limit bites.
    const full = { purpose: 'batch check', reveal: 'full' } as const;
    for (const position of [0, validCount - 1]) {
      const token = tokenized[position]?.token ?? '';
      expect(
        unwrapOrThrow(await vault.cards.detokenize(tenantId, principal(), token, full)),
      ).toMatchObject({ pan: validPans[position] });
    }

    const tooMany = Array.from({ length: CARD_BATCH_SIZE_MAX + 1 }, () => cardInput(pans[0] ?? ''));
    expect(
      (await vault.cards.tokenizeBatch(tenantId, principal(), tooMany))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.batch_too_large',
      maximum: CARD_BATCH_SIZE_MAX,
      attempted: CARD_BATCH_SIZE_MAX + 1,
    });
    expect(await listRecords(storage, tenantId, CARD_COLLECTIONS.tokens)).toHaveLength(validCount);
  });

  it('refuses token operations without their permission and proves each denied leaf is in the signed log', async () => {
    const { vault, audit, storage } = await context.vault();
    const tenantId = context.tenant();
    const pan = PUBLISHED_TEST_PANS.discover;
    context.sensitive.addPans(pan);
    const card = unwrapOrThrow(await vault.cards.tokenize(tenantId, principal(), cardInput(pan)));
    const reader = principal([CARD_PERMISSIONS.revealMasked]);
    const refusals = [
      [
        CARD_AUDIT_ACTIONS.deleted,
        CARD_PERMISSIONS.delete,
        () => vault.cards.deleteToken(tenantId, reader, card.token),
      ],
      [
        CARD_AUDIT_ACTIONS.revealed,
        CARD_PERMISSIONS.revealFull,
        () =>
          vault.cards.detokenize(tenantId, reader, card.token, { purpose: 'look', reveal: 'full' }),
      ],
      [
        CARD_AUDIT_ACTIONS.cvvTaken,
        CARD_PERMISSIONS.authorize,
        () => vault.cards.takeCvvForAuthorization(tenantId, reader, card.token, 'authorization'),
      ],
    ] as const;
    for (const [, permission, attempt] of refusals) {
      expect((await attempt())._unsafeUnwrapErr()).toEqual({
        type: 'vault.permission_denied',
        permission,
      });
    }

    const denied = await provenAuditEntries(
      audit,
      storage,
      tenantId,
      (entry) => entry.outcome === 'denied',
    );
    expect(denied).toEqual(
      refusals.map(([action, permission]) =>
        expect.objectContaining({
          action,
          actor: SUITE_ACTOR,
          resource: { type: CARD_AUDIT_RESOURCES.token, id: card.token },
          details: { permission },
        }),
      ),
    );
    // The refused deletion deleted nothing.
    const rows = await dumpedRows(context.tamper(), CARD_COLLECTIONS.tokens);
    expect(
      rows.filter((row) => isDumpedRowOf(row, CARD_COLLECTIONS.tokens, card.token)),
    ).toHaveLength(1);
  });

  // A refusal not about one token names the card vault, not the tenant: a tenant id may hold
  // digits the audit guard refuses as a card number, which must not turn a refusal into a fault.
  // They pass Luhn but carry no network's prefix, so the full-suite secret scan, which looks for
  // numbers a network could issue, does not flag the tenant id stored in clear in every row.
  it('refuses a tokenize without permission, with a denied leaf, whatever digits the tenant id holds', async () => {
    const { vault, audit, storage } = await context.vault();
    const luhnValid = `900000000000000${luhnCheckDigit('900000000000000')}`;
    const tenantId = context.tenant(`acct-${luhnValid}`);
    const pan = PUBLISHED_TEST_PANS.discover;
    context.sensitive.addPans(pan);
    const reader = principal([CARD_PERMISSIONS.revealMasked]);
    expect(
      (await vault.cards.tokenize(tenantId, reader, cardInput(pan)))._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.permission_denied', permission: CARD_PERMISSIONS.tokenize });
    expect(await listRecords(storage, tenantId, CARD_COLLECTIONS.tokens)).toEqual([]);
    const denied = await provenAuditEntries(
      audit,
      storage,
      tenantId,
      (entry) => entry.outcome === 'denied',
    );
    expect(denied).toEqual([
      expect.objectContaining({
        action: CARD_AUDIT_ACTIONS.tokenized,
        actor: SUITE_ACTOR,
        resource: expect.objectContaining({ type: CARD_AUDIT_RESOURCES.vault }),
        details: { permission: CARD_PERMISSIONS.tokenize },
      }),
    ]);
  });
}
