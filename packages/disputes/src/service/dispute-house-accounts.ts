import type { Id } from '@strongroom/kernel';

/**
 * The platform's own ledger accounts a dispute's money moves through, in one currency: the
 * reserve holding disputed funds while the case runs, the account network fees are paid into,
 * and the account a lost dispute's funds go to (what is owed to the network for the cardholder).
 */
export interface DisputeHouseAccounts {
  readonly reserveAccountId: Id<'acc'>;
  readonly feeAccountId: Id<'acc'>;
  readonly lossAccountId: Id<'acc'>;
}

/** The house accounts for a currency (ISO 4217 code), or `undefined` when disputes in it are not set up. */
export type DisputeHouseAccountsByCurrency = (currency: string) => DisputeHouseAccounts | undefined;
