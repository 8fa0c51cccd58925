import type { JsonObject } from '@strongroom/kernel';
import type { AccountOwner, AccountType } from './account.js';
import type { PostingSide } from './journal-entry.js';

/**
 * An account as a caller asks for it. Ids and the currency are strings (parsed, never trusted),
 * limits are bigint minor units. Absent flags are `false`, absent limits unbounded.
 */
export interface AccountInput {
  /** `acc_…` TypeID chosen by the caller; the idempotency key. */
  readonly id: string;
  /** ISO 4217 code with a minor unit (`USD`). */
  readonly currency: string;
  /** Caller-defined category, 1..65535. */
  readonly code: number;
  /** 1..128 characters. */
  readonly name: string;
  /** Bookkeeping type. */
  readonly type: AccountType;
  /** Owner reference; absent or `null` for system accounts. */
  readonly owner?: AccountOwner | null | undefined;
  /** Caller context; absent = `{}`. */
  readonly metadata?: JsonObject | undefined;
  /** `linked` chains this creation with the next; the limit flags are exclusive. */
  readonly flags?: Partial<AccountInputFlags> | undefined;
  /** Floor (`<= 0`) and ceiling (`>= 0`) on the net balance; absent or `null` = unbounded. */
  readonly limits?:
    | {
        readonly floorMinor?: bigint | null | undefined;
        readonly ceilingMinor?: bigint | null | undefined;
      }
    | undefined;
}

/** The flags an account creation accepts. */
export interface AccountInputFlags {
  /** Links this creation with the next one. */
  readonly linked: boolean;
  /** See `AccountFlags.debitsMustNotExceedCredits`. */
  readonly debitsMustNotExceedCredits: boolean;
  /** See `AccountFlags.creditsMustNotExceedDebits`. */
  readonly creditsMustNotExceedDebits: boolean;
  /**
   * Creates the account closed, as TigerBeetle's `closed` flag at creation: it refuses every
   * transfer and, with no closing transfer to void, stays closed. For accounts brought over from
   * another system that no longer trade. A retry compares it with the account's state then.
   */
  readonly closed: boolean;
}

/**
 * A transfer as a caller asks for it. Amounts are bigint minor units (no `number` ever holds
 * money; the HTTP edge turns decimal strings into bigints). What is required depends on the kind:
 *
 * - plain and pending: both accounts, `amountMinor >= 1`, `currency`, `code`. A closing transfer
 *   may move 0; a balancing one treats `amountMinor` as an upper bound.
 * - post (`flags.postPending`): `pendingId`; accounts, currency and code may be omitted (then
 *   inherited) or must equal the pending transfer's; `amountMinor` omitted posts the full amount,
 *   `0..pending` posts that much and releases the rest (0 releases everything, as in TigerBeetle).
 * - void (`flags.voidPending`): `pendingId`; `amountMinor` omitted, 0 or the pending amount.
 *
 * Metadata omitted on a post or void is inherited from the pending transfer. `effectiveAt`
 * omitted is the execution time; it may lie in the past (backdating) but not in the future.
 */
export interface TransferInput {
  /** `trf_…` TypeID chosen by the caller; the idempotency key. */
  readonly id: string;
  /** `acc_…` of the account debited. */
  readonly debitAccountId?: string | undefined;
  /** `acc_…` of the account credited. */
  readonly creditAccountId?: string | undefined;
  /** Minor units of `currency`. */
  readonly amountMinor?: bigint | undefined;
  /** ISO 4217 code; must be the currency of both accounts. */
  readonly currency?: string | undefined;
  /** Caller-defined reason code, 1..65535. */
  readonly code?: number | undefined;
  /** Caller context. */
  readonly metadata?: JsonObject | undefined;
  /** Absent flags are `false`; unknown names are refused (`reserved_flag`). */
  readonly flags?: Partial<TransferInputFlags> | undefined;
  /** The pending transfer a post or void resolves. */
  readonly pendingId?: string | undefined;
  /** Pending transfers only: 1..`LEDGER_TIMEOUT_MAX_MS`; absent = never expires. */
  readonly timeoutMs?: number | undefined;
  /** When the transfer takes effect for the books; absent = now. */
  readonly effectiveAt?: Date | undefined;
}

/** The flags a transfer input accepts (all of `TransferFlags`). */
export interface TransferInputFlags {
  /** Links this event with the next one. */
  readonly linked: boolean;
  /** Phase one of a two-phase transfer. */
  readonly pending: boolean;
  /** Posts `pendingId`. */
  readonly postPending: boolean;
  /** Voids `pendingId`. */
  readonly voidPending: boolean;
  /** Clamp to what the debit account can give. */
  readonly balancingDebit: boolean;
  /** Clamp to what the credit account can take. */
  readonly balancingCredit: boolean;
  /** Close the debit account while pending. */
  readonly closingDebit: boolean;
  /** Close the credit account while pending. */
  readonly closingCredit: boolean;
}

/** One leg of a journal entry as a caller asks for it. */
export interface PostingInput {
  /** `acc_…` of the account touched. */
  readonly accountId: string;
  /** Debit or credit. */
  readonly side: PostingSide;
  /** Minor units of the account's currency, >= 1. */
  readonly amountMinor: bigint;
}

/**
 * A multi-leg journal entry as a caller asks for it: 2..32 postings, each account at most once,
 * balancing per currency (the account's). A post or void names the pending entry in `pendingId`
 * and may omit the postings (inherited) or repeat them exactly; posts are always in full.
 */
export interface JournalInput {
  /** `trf_…` TypeID chosen by the caller; shares the id space of transfers. */
  readonly id: string;
  /** The legs; omitted only on a post or void. */
  readonly postings?: readonly PostingInput[] | undefined;
  /** Caller-defined reason code, 1..65535; may be omitted (inherited) on a post or void. */
  readonly code?: number | undefined;
  /** Caller context. */
  readonly metadata?: JsonObject | undefined;
  /** Absent flags are `false`; unknown names (balancing, closing) are refused. */
  readonly flags?: Partial<JournalInputFlags> | undefined;
  /** The pending entry a post or void resolves. */
  readonly pendingId?: string | undefined;
  /** Pending entries only: 1..`LEDGER_TIMEOUT_MAX_MS`. */
  readonly timeoutMs?: number | undefined;
  /** When the entry takes effect for the books; absent = now. */
  readonly effectiveAt?: Date | undefined;
}

/** The flags a journal input accepts. */
export interface JournalInputFlags {
  /** Links this event with the next one. */
  readonly linked: boolean;
  /** Holds every posting as pending. */
  readonly pending: boolean;
  /** Posts the pending entry in full. */
  readonly postPending: boolean;
  /** Voids the pending entry. */
  readonly voidPending: boolean;
}
