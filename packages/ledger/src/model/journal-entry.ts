import type { Id, JsonObject } from '@strongroom/kernel';
import type { MovementLifecycle } from './transfer.js';

/** Which side of an account a posting touches. */
export type PostingSide = 'debit' | 'credit';

/** One leg of a journal entry; its currency is the account's. */
export interface Posting {
  /** The account touched; each account appears at most once per entry. */
  readonly accountId: Id<'acc'>;
  /** Debit or credit. */
  readonly side: PostingSide;
  /** Amount in minor units of the account's currency, >= 1. */
  readonly amountMinor: bigint;
}

/** The flags a journal entry accepts: no balancing or closing (those are two-account ideas). */
export interface JournalFlags {
  /** Links this event with the next one. */
  readonly linked: boolean;
  /** Holds every posting as pending; resolved as a whole later. */
  readonly pending: boolean;
  /** Posts the whole pending entry named by `pendingId` (no partial post). */
  readonly postPending: boolean;
  /** Voids the whole pending entry named by `pendingId`. */
  readonly voidPending: boolean;
}

/** The flag names of {@link JournalFlags}. */
export const JOURNAL_FLAG_NAMES: readonly (keyof JournalFlags)[] = Object.freeze([
  'linked',
  'pending',
  'postPending',
  'voidPending',
]);

/** Every journal flag off. */
export const NO_JOURNAL_FLAGS: JournalFlags = Object.freeze({
  linked: false,
  pending: false,
  postPending: false,
  voidPending: false,
});

/**
 * A multi-leg journal entry with one id: 2..32 postings that balance per currency, committed
 * atomically. A pending entry holds every posting and is posted (in full) or voided as a whole;
 * the post or void is itself a journal entry with `pendingId` set and the pending's postings.
 * Journal entries share the id space of transfers (`trf_…`).
 */
export interface JournalEntry extends MovementLifecycle {
  /** Caller-supplied TypeID, unique among transfers and journal entries. */
  readonly id: Id<'trf'>;
  /** The legs, in the caller's order. */
  readonly postings: readonly Posting[];
  /** Caller-defined reason code, 1..65535. */
  readonly code: number;
  /** Caller context, at most `LEDGER_METADATA_MAX_BYTES` serialized. */
  readonly metadata: JsonObject;
  /** The flags as given. */
  readonly flags: JournalFlags;
}
