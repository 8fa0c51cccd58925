import { unwrapOrThrow } from '@strongroom/kernel';
import { definePostingTemplate, type PostingTemplate } from '@strongroom/ledger';

/** The ledger code of card captures. */
export const CARD_CAPTURE_CODE = 1_100;

/**
 * `card.capture`: the card network owes the platform the whole `amount` (clearing is debited),
 * the merchant is owed it less the processing `fee`, and the fee is the platform's revenue; one
 * journal entry, so the three legs commit together. The same template as the Express example's,
 * so both examples tell the same story.
 */
export const CARD_CAPTURE: PostingTemplate = unwrapOrThrow(
  definePostingTemplate({
    name: 'card.capture',
    code: CARD_CAPTURE_CODE,
    parameters: {
      clearing: 'account',
      merchant: 'account',
      fees: 'account',
      amount: 'amount',
      fee: 'amount',
    },
    legs: [
      { account: 'clearing', side: 'debit', amount: 'amount' },
      { account: 'merchant', side: 'credit', amount: 'amount - fee' },
      { account: 'fees', side: 'credit', amount: 'fee' },
    ],
  }),
);

/** The templates clients apply by name (`POST /v1/ledger/templates/{name}/apply`). */
export const POSTING_TEMPLATES: readonly PostingTemplate[] = Object.freeze([CARD_CAPTURE]);
