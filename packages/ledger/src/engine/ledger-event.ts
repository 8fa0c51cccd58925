import type { JournalInput, TransferInput } from '../model/ledger-input.js';

/**
 * One event of a batch. Inputs are checked by the engine itself in precedence order, so an input
 * that fails parsing stays in its place in the batch and gets its own result code; callers may
 * pass values straight from outside (`parseTransferInput` offers the same checks up front).
 */
export type LedgerEvent =
  | { readonly kind: 'transfer'; readonly transfer: TransferInput }
  | { readonly kind: 'journal'; readonly journal: JournalInput };

/** Wraps a transfer input as an event. */
export function transferEvent(transfer: TransferInput): LedgerEvent {
  return { kind: 'transfer', transfer };
}

/** Wraps a journal input as an event. */
export function journalEvent(journal: JournalInput): LedgerEvent {
  return { kind: 'journal', journal };
}
