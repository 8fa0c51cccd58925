import { unwrapOrThrow } from '@strongroom/kernel';
import { definePostingTemplate, type PostingTemplate } from '@strongroom/ledger';

/** Ledger transfer codes of dispute postings, so statements and queries can tell them apart. */
export const DISPUTE_TRANSFER_CODES = {
  withdrawal: 7_001,
  reinstatement: 7_002,
  writeOff: 7_003,
} as const;

/**
 * Chargeback: the disputed amount leaves the merchant's balance for the dispute reserve, and the
 * fee (if any) goes to the fee account — one journal entry, so the merchant's statement shows one
 * debit of amount plus fee, as Stripe books them (reference/disputes.md §6).
 */
export const DISPUTE_WITHDRAWAL: PostingTemplate = unwrapOrThrow(
  definePostingTemplate({
    name: 'dispute.withdrawal',
    code: DISPUTE_TRANSFER_CODES.withdrawal,
    parameters: {
      merchant: 'account',
      reserve: 'account',
      fees: 'account',
      amount: 'amount',
      fee: 'amount',
    },
    legs: [
      { account: 'merchant', side: 'debit', amount: 'amount + fee' },
      { account: 'reserve', side: 'credit', amount: 'amount' },
      { account: 'fees', side: 'credit', amount: 'fee' },
    ],
  }),
);

/** A won dispute (or a provisional reversal): the amount, and a refundable fee, return to the merchant. */
export const DISPUTE_REINSTATEMENT: PostingTemplate = unwrapOrThrow(
  definePostingTemplate({
    name: 'dispute.reinstatement',
    code: DISPUTE_TRANSFER_CODES.reinstatement,
    parameters: {
      merchant: 'account',
      reserve: 'account',
      fees: 'account',
      amount: 'amount',
      fee: 'amount',
    },
    legs: [
      { account: 'reserve', side: 'debit', amount: 'amount' },
      { account: 'fees', side: 'debit', amount: 'fee' },
      { account: 'merchant', side: 'credit', amount: 'amount + fee' },
    ],
  }),
);

/** A lost dispute: the reserved amount is paid away to the loss (network settlement) account. */
export const DISPUTE_WRITE_OFF: PostingTemplate = unwrapOrThrow(
  definePostingTemplate({
    name: 'dispute.write_off',
    code: DISPUTE_TRANSFER_CODES.writeOff,
    parameters: { reserve: 'account', loss: 'account', amount: 'amount' },
    legs: [
      { account: 'reserve', side: 'debit', amount: 'amount' },
      { account: 'loss', side: 'credit', amount: 'amount' },
    ],
  }),
);
