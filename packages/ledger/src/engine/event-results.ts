import type { TransferStatus } from '../model/transfer-status.js';
import type { AccountBalances, TransferResult } from './transfer-result.js';

/** The result of an event that changed nothing. */
export function failedResult(
  id: string,
  status: TransferStatus,
  timestamp: bigint,
): TransferResult {
  return {
    id,
    status,
    timestamp,
    transfer: null,
    journal: null,
    debitAccount: null,
    creditAccount: null,
    accounts: [],
  };
}

/** Balances of the accounts that exist in the state, skipping ids that were not loaded. */
export function knownBalances(
  state: { account(id: string): { readonly balances: AccountBalances['balances'] } | undefined },
  accountIds: readonly string[],
): AccountBalances[] {
  const found: AccountBalances[] = [];
  for (const accountId of accountIds) {
    const account = state.account(accountId);
    if (account !== undefined) found.push({ accountId, balances: account.balances });
  }
  return found;
}
