import type { Currency, Id, JsonObject } from '@strongroom/kernel';
import type { Balances } from './balances.js';

/** The five classic account types of double-entry bookkeeping. */
export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

/** Every {@link AccountType}, for parsing and exhaustive tests. */
export const ACCOUNT_TYPES: readonly AccountType[] = Object.freeze([
  'asset',
  'liability',
  'equity',
  'revenue',
  'expense',
]);

/** The side on which an account type's balance grows. */
export type NormalSide = 'debit' | 'credit';

/**
 * The side an account's balance grows on: assets and expenses are debit-normal; liabilities,
 * equity and revenue are credit-normal (a customer wallet is a liability of the platform).
 */
export function normalSideOf(type: AccountType): NormalSide {
  return type === 'asset' || type === 'expense' ? 'debit' : 'credit';
}

/** TigerBeetle's two limit flags; at most one may be set. */
export interface AccountFlags {
  /** `debitsPending + debitsPosted <= creditsPosted` always holds (a wallet that cannot go below 0). */
  readonly debitsMustNotExceedCredits: boolean;
  /** `creditsPending + creditsPosted <= debitsPosted` always holds. */
  readonly creditsMustNotExceedDebits: boolean;
}

/**
 * Optional bounds on the account's net balance as seen from its normal side (see
 * {@link normalSideOf}): `credits - debits` for credit-normal accounts, `debits - credits` for
 * debit-normal ones. Like TigerBeetle's flags they count holds conservatively: a pending amount
 * that lowers the net counts against the floor at once, a pending amount that raises it counts
 * against the ceiling at once, and no pending amount ever counts in the account's favour.
 * `floorMinor <= 0 <= ceilingMinor`, so a new (zero) account is always within its limits: a floor
 * of `-50000n` is an overdraft of 500.00, a ceiling is the most the account may hold.
 */
export interface AccountLimits {
  /** Lowest net balance allowed, `<= 0`; `null` = unbounded. */
  readonly floorMinor: bigint | null;
  /** Highest net balance allowed, `>= 0`; `null` = unbounded. */
  readonly ceilingMinor: bigint | null;
}

/** Who an account belongs to in the host application (a user's wallet, a merchant's balance). */
export interface AccountOwner {
  /** The kind of owner, e.g. `user` or `merchant`. */
  readonly type: string;
  /** The owner's id in the host application. */
  readonly id: string;
}

/** Whether an account accepts transfers; closing works as in TigerBeetle (see `closingDebit`). */
export type AccountState = 'open' | 'closed';

/** A ledger account as stored. Only `balances`, `status` and `entryCount` change after creation. */
export interface Account {
  /** Caller-supplied TypeID. */
  readonly id: Id<'acc'>;
  /** Every amount of the account is in this currency; transfers never cross currencies. */
  readonly currency: Currency;
  /** Caller-defined category, 1..65535 (TigerBeetle's `code`). */
  readonly code: number;
  /** Human-readable name, 1..128 characters. */
  readonly name: string;
  /** Owner reference, or `null` for system accounts. */
  readonly owner: AccountOwner | null;
  /** Bookkeeping type; decides the normal side that `limits` are read from. */
  readonly type: AccountType;
  /** Caller context, at most `LEDGER_METADATA_MAX_BYTES` serialized. */
  readonly metadata: JsonObject;
  /** TigerBeetle's limit flags. */
  readonly flags: AccountFlags;
  /** Floor and ceiling on the net balance. */
  readonly limits: AccountLimits;
  /** `closed` while a pending closing transfer (or a posted one, for good) holds it closed. */
  readonly status: AccountState;
  /** Running totals after the latest change. */
  readonly balances: Balances;
  /** Number of statement entries so far; the next entry gets `entryCount + 1`. */
  readonly entryCount: number;
  /** When the account was created (wall clock of the service). */
  readonly createdAt: Date;
  /** Commit-order stamp of the creation. */
  readonly timestamp: bigint;
}
