import { type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';
import { CARD_PERMISSIONS, type CardPrincipal } from '@strongroom/vault';

/** What the card part of the story ends with. */
export interface CardStoryOutcome {
  readonly display: string;
  readonly deduplicated: boolean;
  readonly masked: string;
  readonly refusal: string;
  readonly cvvTakenOnce: boolean;
  readonly secondTake: string;
}

// The checkout service may tokenize, see masked cards and use the held CVV once; only the
// payment-processor adapter may see the full number.
const checkout: CardPrincipal = {
  actor: { type: 'service', id: 'checkout' },
  permissions: new Set([
    CARD_PERMISSIONS.tokenize,
    CARD_PERMISSIONS.revealMasked,
    CARD_PERMISSIONS.authorize,
  ]),
};

/**
 * The vault part of the quickstart: tokenize a card (its PAN and CVV are encrypted, the token is
 * random), get the same token back for the same card, reveal it masked, see a full reveal refused
 * without its permission, and use the CVV once for an authorization.
 */
export async function runCardStory(
  strongroom: Strongroom,
  tenantId: TenantId,
  print: (line: string) => void,
): Promise<CardStoryOutcome> {
  const { cards } = strongroom.vault;
  // A published test card (Stripe's Visa test number), never a real one.
  const card = {
    pan: '4242 4242 4242 4242',
    expiryMonth: 12,
    expiryYear: strongroom.clock.now().getUTCFullYear() + 3,
    cardholderName: 'Alice Example',
    cvv: '123',
  };
  const tokenized = unwrapOrThrow(await cards.tokenize(tenantId, checkout, card));
  print(`card tokenized: ${tokenized.token} (${tokenized.brand} ${tokenized.display})`);
  const { cvv: _heldOnce, ...sameCardWithoutCvv } = card;
  const again = unwrapOrThrow(await cards.tokenize(tenantId, checkout, sameCardWithoutCvv));
  print(`same card again: ${again.token === tokenized.token ? 'same token' : 'NEW token'}`);

  const purpose = { purpose: 'show the saved card at checkout' };
  const masked = unwrapOrThrow(
    await cards.detokenize(tenantId, checkout, tokenized.token, purpose),
  );
  print(`masked reveal: ${masked.display}`);
  const full = await cards.detokenize(tenantId, checkout, tokenized.token, {
    ...purpose,
    reveal: 'full',
  });
  const refusal = full.isErr() ? full.error.type : 'revealed';
  print(`full reveal without vault.card.reveal_full: refused with ${refusal}`);

  const authorization = 'authorize the first payment';
  const cvv = await cards.takeCvvForAuthorization(
    tenantId,
    checkout,
    tokenized.token,
    authorization,
  );
  const secondTake = await cards.takeCvvForAuthorization(
    tenantId,
    checkout,
    tokenized.token,
    authorization,
  );
  const secondRefusal = secondTake.isErr() ? secondTake.error.type : 'returned again';
  print(`CVV used for authorization once; asked again: ${secondRefusal}`);
  return {
    display: tokenized.display,
    deduplicated: again.deduplicated && again.token === tokenized.token,
    masked: masked.display,
    refusal,
    cvvTakenOnce: cvv.isOk() && cvv.value === card.cvv,
    secondTake: secondRefusal,
  };
}
