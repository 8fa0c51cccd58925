import { unwrapOrThrow } from '@strongroom/kernel';
import { definePostingTemplate, type PostingTemplate } from '@strongroom/ledger';

/** The ledger code of card captures, so statements and queries can tell them apart. */
export const CARD_CAPTURE_CODE = 1_100;

/**
 * `card.capture`: the card network owes the platform the whole `amount` (clearing is debited),
 * the merchant is owed it less the processing `fee`, and the fee is the platform's revenue. One
 * journal entry, so the three legs commit together; applied `pending`, it is an authorization
 * hold. Both examples serve this one template, so they tell the same story.
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

/**
 * The templates clients of either example apply by name
 * (`POST /v1/ledger/templates/{name}/apply`). Frozen: the API's list is fixed at start.
 */
export const EXAMPLE_POSTING_TEMPLATES: readonly PostingTemplate[] = Object.freeze([CARD_CAPTURE]);
