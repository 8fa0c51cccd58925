import type { Currency, Id, JsonObject } from '@strongroom/kernel';

/** TigerBeetle's transfer flags, as booleans (an absent flag in an input is `false`). */
export interface TransferFlags {
  /** Links this event with the next one: the chain succeeds or fails as a whole. */
  readonly linked: boolean;
  /** Holds the amount as pending instead of posting it (phase one of a two-phase transfer). */
  readonly pending: boolean;
  /** Posts the pending transfer named by `pendingId`, fully or partly. */
  readonly postPending: boolean;
  /** Voids the pending transfer named by `pendingId`. */
  readonly voidPending: boolean;
  /** `amountMinor` is an upper bound, clamped to what the debit account can give. */
  readonly balancingDebit: boolean;
  /** `amountMinor` is an upper bound, clamped to what the credit account can take. */
  readonly balancingCredit: boolean;
  /** Closes the debit account while pending (requires `pending`). */
  readonly closingDebit: boolean;
  /** Closes the credit account while pending (requires `pending`). */
  readonly closingCredit: boolean;
}

/** The flag names of {@link TransferFlags}, in TigerBeetle's bit order. */
export const TRANSFER_FLAG_NAMES: readonly (keyof TransferFlags)[] = Object.freeze([
  'linked',
  'pending',
  'postPending',
  'voidPending',
  'balancingDebit',
  'balancingCredit',
  'closingDebit',
  'closingCredit',
]);

/** Every flag off. */
export const NO_TRANSFER_FLAGS: TransferFlags = Object.freeze({
  linked: false,
  pending: false,
  postPending: false,
  voidPending: false,
  balancingDebit: false,
  balancingCredit: false,
  closingDebit: false,
  closingCredit: false,
});

/**
 * Where a pending transfer stands; `none` for every transfer that is not pending. A pending
 * transfer leaves `pending` at most once.
 */
export type PendingStatus = 'none' | 'pending' | 'posted' | 'voided' | 'expired';

/**
 * The fields a transfer and a journal entry share beyond what they move: whether and how long they
 * are pending, what they resolve, and when they were recorded and take effect.
 */
export interface MovementLifecycle {
  /** The pending transfer or entry a post or void resolves; `null` otherwise. */
  readonly pendingId: Id<'trf'> | null;
  /** Timeout of a pending one; `null` = never expires. */
  readonly timeoutMs: number | null;
  /** `insertedAt + timeoutMs` for a pending one with a timeout; else `null`. */
  readonly expiresAt: Date | null;
  /** When it takes effect for the books; the caller may backdate it. */
  readonly effectiveAt: Date;
  /** When the ledger recorded it. */
  readonly insertedAt: Date;
  /** Commit-order stamp: strictly increasing over all events of a ledger. */
  readonly timestamp: bigint;
  /** Only meaningful when `flags.pending`; `none` otherwise. */
  readonly pendingStatus: PendingStatus;
}

/**
 * A transfer as stored. Immutable except `pendingStatus`. Post and void transfers are transfers
 * of their own (with `pendingId` set) that inherit the accounts, currency and code of the pending
 * transfer; a post records the posted amount, a void the released (whole pending) amount.
 */
export interface Transfer extends MovementLifecycle {
  /** Caller-supplied TypeID, unique among transfers and journal entries. */
  readonly id: Id<'trf'>;
  /** The account debited. */
  readonly debitAccountId: Id<'acc'>;
  /** The account credited. */
  readonly creditAccountId: Id<'acc'>;
  /** Amount moved, in minor units; a balancing transfer stores the clamped amount (may be 0). */
  readonly amountMinor: bigint;
  /** The currency of both accounts. */
  readonly currency: Currency;
  /** Caller-defined reason code, 1..65535. */
  readonly code: number;
  /** Caller context, at most `LEDGER_METADATA_MAX_BYTES` serialized. */
  readonly metadata: JsonObject;
  /** The flags as given (link membership is kept, as sent, for idempotent retries). */
  readonly flags: TransferFlags;
}
