/**
 * The four running totals of an account, in minor units of its currency (TigerBeetle's model).
 * Pending amounts are holds: reserved by pending transfers, not yet posted or released.
 */
export interface Balances {
  /** Debits held by pending transfers. */
  readonly debitsPending: bigint;
  /** Debits posted. */
  readonly debitsPosted: bigint;
  /** Credits held by pending transfers. */
  readonly creditsPending: bigint;
  /** Credits posted. */
  readonly creditsPosted: bigint;
}

/** The balances of a new account. */
export const ZERO_BALANCES: Balances = Object.freeze({
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
});
