import { type Currency, err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import type { Balances } from '../model/balances.js';
import { readAccountRecord } from '../store/account-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { LedgerQueryError } from './ledger-error.js';
import { compareIds } from './loaded-state.js';
import { parseIds } from './read-helpers.js';

/** The summed balances of the accounts of one currency. */
export interface CurrencyBalances {
  readonly currency: Currency;
  /** How many of the accounts asked for hold this currency. */
  readonly accounts: number;
  /** The four totals summed over those accounts. */
  readonly balances: Balances;
}

/**
 * Sums the current balances of a set of accounts (up to 1000, duplicates counted once) per
 * currency, sorted by currency code. Amounts of two currencies are never added together: a set
 * spanning USD and EUR gives two totals. An unknown account fails the whole query.
 */
export async function aggregateBalances(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  accountIds: readonly string[],
): Promise<Result<CurrencyBalances[], LedgerQueryError>> {
  const parsed = parseIds('acc', accountIds);
  if (parsed.isErr()) return err(parsed.error);
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const ids = [...new Set(parsed.value)].sort(compareIds);
    const records = await tx.records.getMany(LEDGER_COLLECTIONS.accounts, ids);
    const accounts: Account[] = [];
    for (const [position, record] of records.entries()) {
      if (record === undefined) {
        return err({ type: 'ledger.account_not_found' as const, accountId: ids[position] ?? '' });
      }
      accounts.push(readAccountRecord(record.data));
    }
    const totals = new Map<Currency, { accounts: number; balances: Balances }>();
    for (const account of accounts) {
      const total = totals.get(account.currency);
      const { balances } = account;
      totals.set(account.currency, {
        accounts: (total?.accounts ?? 0) + 1,
        balances:
          total === undefined
            ? balances
            : {
                debitsPending: total.balances.debitsPending + balances.debitsPending,
                debitsPosted: total.balances.debitsPosted + balances.debitsPosted,
                creditsPending: total.balances.creditsPending + balances.creditsPending,
                creditsPosted: total.balances.creditsPosted + balances.creditsPosted,
              },
      });
    }
    return ok(
      [...totals.entries()]
        .sort(([left], [right]) => compareIds(left, right))
        .map(([currency, total]) => ({ currency, ...total })),
    );
  });
}
