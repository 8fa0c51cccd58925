import { unwrapOrThrow } from '@strongroom/kernel';
import { CARD_COLLECTIONS, CARD_PERMISSIONS } from '@strongroom/vault';
import { expect, it } from 'vitest';
import { isDumpedRowOf } from './stored-data-scan.js';
import { cardInput, PUBLISHED_TEST_PANS } from './test-cards.js';
import { principal, type VaultSuiteContext } from './vault-suite-context.js';

const MINUTE_MS = 60_000;

/** Security codes: held encrypted until authorization, taken once, gone below the port after. */
export function defineSecurityCodeCases(context: VaultSuiteContext): void {
  // The rows of `vault.sad` that hold the code of `token`, as the backend stores them.
  const heldRows = async (token: string) =>
    (await context.tamper().dump()).filter((row) =>
      isDumpedRowOf(row, CARD_COLLECTIONS.sensitiveData, token),
    );

  it('holds a code in vault.sad until it is taken once; then no row of it remains', async () => {
    const { vault } = await context.vault({ sensitiveData: 'storage' });
    const tenantId = context.tenant();
    const pan = PUBLISHED_TEST_PANS.amex;
    const cvv = '7406';
    context.sensitive.addPans(pan);
    context.sensitive.addSecurityCode(cvv);
    const card = unwrapOrThrow(
      await vault.cards.tokenize(tenantId, principal(), cardInput(pan, { cvv })),
    );
    expect(await heldRows(card.token)).toHaveLength(1);

    const authorizer = principal([CARD_PERMISSIONS.authorize]);
    expect(
      unwrapOrThrow(
        await vault.cards.takeCvvForAuthorization(
          tenantId,
          authorizer,
          card.token,
          'authorization',
        ),
      ),
    ).toBe(cvv);
    expect(await heldRows(card.token)).toEqual([]);
    expect(
      (
        await vault.cards.takeCvvForAuthorization(tenantId, authorizer, card.token, 'authorization')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.cvv_not_found' });
    // The card outlives its code.
    expect(
      unwrapOrThrow(
        await vault.cards.detokenize(tenantId, principal(), card.token, { purpose: 'receipt' }),
      ).last4,
    ).toBe(pan.slice(-4));
  });

  it('forgets codes at their expiry: a sweep removes their rows and a take fails', async () => {
    const ttlMs = 5 * MINUTE_MS;
    const { vault, clock } = await context.vault({ sensitiveData: 'storage', cvvTtlMs: ttlMs });
    const tenantId = context.tenant();
    const held = [
      { pan: PUBLISHED_TEST_PANS.visaDebit, cvv: '913' },
      { pan: PUBLISHED_TEST_PANS.mastercardSeries2, cvv: '648' },
    ];
    const tokens: string[] = [];
    for (const { pan, cvv } of held) {
      context.sensitive.addPans(pan);
      context.sensitive.addSecurityCode(cvv);
      tokens.push(
        unwrapOrThrow(await vault.cards.tokenize(tenantId, principal(), cardInput(pan, { cvv })))
          .token,
      );
    }
    clock.advance(ttlMs - 1);
    expect(unwrapOrThrow(await vault.cards.sweepSensitiveData(tenantId))).toBe(0);
    for (const token of tokens) expect(await heldRows(token)).toHaveLength(1);
    clock.advance(1);
    expect(unwrapOrThrow(await vault.cards.sweepSensitiveData(tenantId))).toBe(2);
    for (const token of tokens) {
      expect(await heldRows(token)).toEqual([]);
      expect(
        (
          await vault.cards.takeCvvForAuthorization(tenantId, principal(), token, 'authorization')
        )._unsafeUnwrapErr(),
      ).toEqual({ type: 'vault.cvv_not_found' });
    }
  });

  it('keeps codes out of the storage altogether with the default in-memory store', async () => {
    const { vault } = await context.vault();
    const tenantId = context.tenant();
    const pan = PUBLISHED_TEST_PANS.amexAlternate;
    const cvv = '3852';
    context.sensitive.addPans(pan);
    context.sensitive.addSecurityCode(cvv);
    const card = unwrapOrThrow(
      await vault.cards.tokenize(tenantId, principal(), cardInput(pan, { cvv })),
    );
    expect(await heldRows(card.token)).toEqual([]);
    expect(
      unwrapOrThrow(
        await vault.cards.takeCvvForAuthorization(
          tenantId,
          principal(),
          card.token,
          'authorization',
        ),
      ),
    ).toBe(cvv);
  });
}
