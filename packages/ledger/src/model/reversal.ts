import { type DomainError, err, type JsonObject, ok, type Result } from '@strongroom/kernel';
import type { JournalEntry } from './journal-entry.js';
import type { JournalInput, TransferInput } from './ledger-input.js';
import type { Transfer } from './transfer.js';

/** Why a record cannot be reversed. */
export type NotReversibleReason =
  /** A pending transfer holds money but moved none: void it instead. */
  | 'pending'
  /** A void moved nothing. */
  | 'void'
  /** A balancing transfer clamped to zero moved nothing. */
  | 'zero_amount';

/** A reversal was asked for a record that moved no posted money. */
export interface NotReversibleError extends DomainError<'ledger.not_reversible'> {
  readonly reason: NotReversibleReason;
}

/** Optional parts of a reversal: extra metadata (merged under `reversalOf`) and its time. */
export interface ReversalOptions {
  /** Caller context added to the reversal's metadata; `reversalOf` is always set by us. */
  readonly metadata?: JsonObject | undefined;
  /** Effective time of the reversal; absent = execution time. */
  readonly effectiveAt?: Date | undefined;
}

function reversalMetadata(originalId: string, options: ReversalOptions): JsonObject {
  return { ...options.metadata, reversalOf: originalId };
}

/**
 * A transfer that undoes a posted transfer: the accounts swapped, the same amount, currency and
 * code, and `metadata.reversalOf` naming the original (records are never edited; a correction is
 * a new transfer). A post reverses the posted amount. Pending transfers and voids moved no posted
 * money and are refused. The result is an input: the engine checks it like any other.
 */
export function reversalOf(
  transfer: Transfer,
  newId: string,
  options: ReversalOptions = {},
): Result<TransferInput, NotReversibleError> {
  if (transfer.flags.pending) return err({ type: 'ledger.not_reversible', reason: 'pending' });
  if (transfer.flags.voidPending) return err({ type: 'ledger.not_reversible', reason: 'void' });
  if (transfer.amountMinor === 0n)
    return err({ type: 'ledger.not_reversible', reason: 'zero_amount' });
  return ok({
    id: newId,
    debitAccountId: transfer.creditAccountId,
    creditAccountId: transfer.debitAccountId,
    amountMinor: transfer.amountMinor,
    currency: transfer.currency,
    code: transfer.code,
    metadata: reversalMetadata(transfer.id, options),
    ...(options.effectiveAt === undefined ? {} : { effectiveAt: options.effectiveAt }),
  });
}

/** A journal entry undoing a posted one, every posting's side swapped; see {@link reversalOf}. */
export function journalReversalOf(
  journal: JournalEntry,
  newId: string,
  options: ReversalOptions = {},
): Result<JournalInput, NotReversibleError> {
  if (journal.flags.pending) return err({ type: 'ledger.not_reversible', reason: 'pending' });
  if (journal.flags.voidPending) return err({ type: 'ledger.not_reversible', reason: 'void' });
  return ok({
    id: newId,
    postings: journal.postings.map((posting) => ({
      accountId: posting.accountId,
      side: posting.side === 'debit' ? 'credit' : 'debit',
      amountMinor: posting.amountMinor,
    })),
    code: journal.code,
    metadata: reversalMetadata(journal.id, options),
    ...(options.effectiveAt === undefined ? {} : { effectiveAt: options.effectiveAt }),
  });
}
