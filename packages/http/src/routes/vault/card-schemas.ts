import { z } from '@hono/zod-openapi';
import { CARD_BATCH_SIZE_MAX, type CardInput, PURPOSE_MAX_LENGTH } from '@strongroom/vault';
import { ProblemSchema } from '../../schemas/common-schemas.js';

// Bounds of the payload only: the vault checks every field exactly and names what it refuses
// (`vault.invalid_card` with `field` and `reason`), never echoing the value.
const PAN_INPUT_LENGTH_MAX = 32;
// 26 characters (ISO/IEC 7813) of up to two UTF-16 units each.
const CARDHOLDER_NAME_LENGTH_MAX = 52;
const CVV_LENGTH_MAX = 8;

// A card token: `tok_` and 32 Crockford base32 characters.
const CardTokenSchema = z
  .string()
  .regex(/^tok_[0-9a-hjkmnp-tv-z]{32}$/)
  .openapi({ example: 'tok_5m8f2k7q9d3x1c6v0b4n8h2j7g5t9r1w' });

/** The `{token}` path parameter. */
export const CardTokenParamsSchema = z.object({
  token: CardTokenSchema.openapi({ param: { name: 'token', in: 'path' } }),
});

const CardBrandSchema = z
  .enum(['visa', 'mastercard', 'amex', 'discover', 'jcb', 'unionpay', 'diners', 'maestro'])
  .openapi('CardBrand');

/** A card handed over for tokenization. */
export const CardInputSchema = z
  .object({
    pan: z.string().min(1).max(PAN_INPUT_LENGTH_MAX).openapi({
      example: '4242 4242 4242 4242',
      description: '12–19 digits, optionally grouped by single spaces or dashes',
    }),
    expiryMonth: z.number().int().min(1).max(12).openapi({ example: 11 }),
    expiryYear: z.number().int().min(1000).max(9999).openapi({ example: 2031 }),
    cardholderName: z
      .string()
      .min(1)
      .max(CARDHOLDER_NAME_LENGTH_MAX)
      .openapi({ example: 'Grace Hopper' }),
    cvv: z.string().min(1).max(CVV_LENGTH_MAX).optional().openapi({
      description:
        'Held encrypted only until an authorization takes it (PCI DSS 3.3.1), never returned',
    }),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({
      description: 'When the token stops working; absent, it lives until deleted',
    }),
  })
  .strict()
  .openapi('CardInput');

/** The vault's input for a parsed {@link CardInputSchema} body. */
export function cardInputOf(body: z.infer<typeof CardInputSchema>): CardInput {
  const { cvv, expiresAt, ...card } = body;
  return {
    ...card,
    ...(cvv === undefined ? {} : { cvv }),
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt) }),
  };
}

/** A tokenized card: the token and what may be shown of the card, never its number. */
export const TokenizedCardSchema = z
  .object({
    token: CardTokenSchema,
    brand: CardBrandSchema,
    last4: z.string(),
    display: z
      .string()
      .openapi({ example: '42424242****4242', description: 'BIN, masked digits, last four' }),
    expiresAt: z.string().nullable(),
    deduplicated: z
      .boolean()
      .openapi({ description: 'The tenant already held this card; its token is returned' }),
  })
  .openapi('TokenizedCard');

/** Up to {@link CARD_BATCH_SIZE_MAX} cards tokenized at once. */
export const TokenizeBatchSchema = z
  .object({ cards: z.array(CardInputSchema).min(1).max(CARD_BATCH_SIZE_MAX) })
  .strict()
  .openapi('TokenizeCardBatch');

/** One result per card of a batch, in order: an invalid card fails alone. */
export const TokenizeBatchResultSchema = z
  .object({
    results: z.array(
      z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('tokenized'), card: TokenizedCardSchema }),
        z.object({ outcome: z.literal('failed'), problem: ProblemSchema }),
      ]),
    ),
  })
  .openapi('TokenizeCardBatchResult');

const PurposeSchema = z.string().min(1).max(PURPOSE_MAX_LENGTH).openapi({
  example: 'refund 8812',
  description: 'Why the card is revealed; written to the audit log',
});

/** The query of a masked reveal. */
export const RevealQuerySchema = z.object({ purpose: PurposeSchema }).strict();

/** A reveal: its purpose and how much of the card. */
export const DetokenizeSchema = z
  .object({
    purpose: PurposeSchema,
    reveal: z.enum(['masked', 'full']).optional().openapi({
      description:
        '`masked` (default) needs vault.card.reveal_masked, `full` vault.card.reveal_full',
    }),
  })
  .strict()
  .openapi('DetokenizeRequest');

/** A card revealed masked: at most BIN and last four. */
export const MaskedCardSchema = z
  .object({
    reveal: z.literal('masked'),
    token: CardTokenSchema,
    brand: CardBrandSchema,
    bin: z.string(),
    last4: z.string(),
    display: z.string(),
    expiryMonth: z.number().int(),
    expiryYear: z.number().int(),
    expiresAt: z.string().nullable(),
  })
  .openapi('MaskedCard');

const FullCardSchema = MaskedCardSchema.extend({
  reveal: z.literal('full'),
  pan: z.string(),
  cardholderName: z.string(),
}).openapi('FullCard');

/** A card revealed masked or in full. */
export const RevealedCardSchema = z
  .discriminatedUnion('reveal', [MaskedCardSchema, FullCardSchema])
  .openapi('RevealedCard');
