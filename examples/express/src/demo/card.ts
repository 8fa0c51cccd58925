import type { DemoContext } from './demo-context.js';

/** What the card chapter ends with. */
export interface CardOutcome {
  readonly status: number;
  readonly brand: string;
  readonly display: string;
}

interface TokenizedCard {
  readonly token: string;
  readonly brand: string;
  readonly display: string;
}

/**
 * Ann's card goes into the vault: the API answers a random token and the mask (BIN and last
 * four); the number and CVV stay encrypted in the vault. Returns the token, which the payments
 * reference instead of the card.
 */
export async function runCard(
  context: DemoContext,
): Promise<{ outcome: CardOutcome; token: string }> {
  const { client, print, clock } = context;
  print('— Ann’s card is tokenized');
  const tokenized = await client.expect<TokenizedCard>(
    'tokenize the card',
    201,
    'POST',
    '/v1/vault/cards',
    {
      // A published test card (Stripe's Visa test number), never a real one.
      body: {
        pan: '4242 4242 4242 4242',
        expiryMonth: 12,
        expiryYear: clock.now().getUTCFullYear() + 3,
        cardholderName: 'Ann Example',
        cvv: '123',
      },
    },
  );
  print(
    `  POST /v1/vault/cards → 201: ${tokenized.body.brand} ${tokenized.body.display} (only the mask comes back; number and CVV stay in the vault)`,
  );
  return {
    outcome: {
      status: tokenized.status,
      brand: tokenized.body.brand,
      display: tokenized.body.display,
    },
    token: tokenized.body.token,
  };
}
