import {
  assert,
  type Currency,
  err,
  type Id,
  ok,
  PAGE_LIMIT_MAX,
  type Result,
  type TenantId,
  validationError,
} from '@strongroom/kernel';
import type { AccountEntry } from '../engine/ledger-changes.js';
import type { Account } from '../model/account.js';
import { type Balances, ZERO_BALANCES } from '../model/balances.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import { listAccountEntries, readAccountEntry } from './account-entries.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { LedgerQueryError } from './ledger-error.js';
import { type NetBalance, netBalance } from './net-balance.js';
import { accountFrom, parseAccountId, readAccount } from './read-helpers.js';

/**
 * Most statement lines a balance by effective time may scan (each is read once, in pages of
 * 1000). Beyond it the query answers `ledger.history_too_long`.
 */
export const LEDGER_HISTORY_SCAN_MAX = 50_000;

/** Which clock a point-in-time balance follows. */
export type BalanceBasis = 'effective' | 'inserted';

/** Options of a balance query; without `at`, the current balance. */
export interface BalanceOptions {
  /** The instant to read the balance at. */
  readonly at?: Date;
  /** `inserted` (default): as the ledger stood then; `effective`: as the books say it stood. */
  readonly basis?: BalanceBasis;
}

/** An account's balances now or at an instant. */
export interface AccountBalance extends NetBalance {
  readonly accountId: string;
  readonly currency: Currency;
  readonly balances: Balances;
  /** The instant asked for, or `null` for the current balance. */
  readonly at: Date | null;
  /** `current`, or the basis of a point-in-time balance. */
  readonly basis: 'current' | BalanceBasis;
}

function difference(after: Balances, before: Balances): Balances {
  return {
    debitsPending: after.debitsPending - before.debitsPending,
    debitsPosted: after.debitsPosted - before.debitsPosted,
    creditsPending: after.creditsPending - before.creditsPending,
    creditsPosted: after.creditsPosted - before.creditsPosted,
  };
}

function sum(left: Balances, right: Balances): Balances {
  return {
    debitsPending: left.debitsPending + right.debitsPending,
    debitsPosted: left.debitsPosted + right.debitsPosted,
    creditsPending: left.creditsPending + right.creditsPending,
    creditsPosted: left.creditsPosted + right.creditsPosted,
  };
}

function accountBalance(
  account: Account,
  balances: Balances,
  asked: { readonly at: Date; readonly basis: BalanceBasis } | undefined,
): AccountBalance {
  return {
    accountId: account.id,
    currency: account.currency,
    balances,
    ...netBalance(account.type, balances),
    at: asked?.at ?? null,
    basis: asked?.basis ?? 'current',
  };
}

// The account record as it stands, read through the ledger's shared account reads: a balance
// check per request is the commonest ledger call, and concurrent ones share one read.
async function currentBalance(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  accountId: Id<'acc'>,
): Promise<Result<AccountBalance, LedgerQueryError>> {
  const read = await dependencies.accountReads.read(tenantId, LEDGER_COLLECTIONS.accounts, [
    accountId,
  ]);
  if (read.isErr()) return err(read.error);
  return accountFrom(read.value[0], accountId).map((account) =>
    accountBalance(account, account.balances, undefined),
  );
}

/**
 * An account's balances:
 * - now: the account record (one read);
 * - at an instant by insertion time: the balances after the last line recorded at or before it,
 *   found by binary search over sequences (about log2(lines) reads). Lines of one account are
 *   committed one after another, so their insertion times grow with the sequence as long as the
 *   service clocks agree; a clock that jumped back makes the answer approximate around the jump;
 * - at an instant by effective time: the sum of the changes of every line effective at or before
 *   it, which reads the account's whole history (one read per line, in pages of 1000, at most
 *   {@link LEDGER_HISTORY_SCAN_MAX}): backdated lines can sit anywhere in the sequence. A backdated
 *   post of a later hold can show a negative pending total in between: the books say the money
 *   moved before it was held.
 */
export async function balance(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  accountIdInput: string,
  options: BalanceOptions = {},
): Promise<Result<AccountBalance, LedgerQueryError>> {
  const accountId = parseAccountId(accountIdInput);
  if (accountId.isErr()) return err(accountId.error);
  const { at } = options;
  const basis = options.basis ?? 'inserted';
  if (at !== undefined && (!(at instanceof Date) || Number.isNaN(at.getTime()))) {
    return err(validationError('at', 'not_a_date'));
  }
  if (basis !== 'inserted' && basis !== 'effective')
    return err(validationError('basis', 'unknown'));
  if (at === undefined) return currentBalance(dependencies, tenantId, accountId.value);
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const found = await readAccount(tx, accountId.value);
    if (found.isErr()) return err(found.error);
    const account = found.value;
    const answer = (balances: Balances) => accountBalance(account, balances, { at, basis });
    if (basis === 'inserted') {
      // The last sequence whose line was inserted at or before `at` (0: none).
      let low = 0;
      let high = account.entryCount;
      let last: AccountEntry | undefined;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        const entry = await readAccountEntry(tx, account.id, middle);
        assert(entry !== undefined, 'every counted entry of an account is stored');
        if (entry.insertedAt.getTime() <= at.getTime()) {
          low = middle;
          last = entry;
        } else {
          high = middle - 1;
        }
      }
      if (low === 0) return ok(answer(ZERO_BALANCES));
      if (last === undefined || last.sequence !== low) {
        last = await readAccountEntry(tx, account.id, low);
      }
      assert(last !== undefined, 'every counted entry of an account is stored');
      return ok(answer(last.balancesAfter));
    }
    if (account.entryCount > LEDGER_HISTORY_SCAN_MAX) {
      return err({ type: 'ledger.history_too_long', maximum: LEDGER_HISTORY_SCAN_MAX });
    }
    let total: Balances = ZERO_BALANCES;
    let previous: Balances = ZERO_BALANCES;
    let sequence = 0;
    while (sequence < account.entryCount) {
      const page = await listAccountEntries(
        tx,
        account.id,
        sequence,
        account.entryCount,
        PAGE_LIMIT_MAX,
      );
      for (const entry of page) {
        if (entry.effectiveAt.getTime() <= at.getTime()) {
          total = sum(total, difference(entry.balancesAfter, previous));
        }
        previous = entry.balancesAfter;
        sequence = entry.sequence;
      }
    }
    return ok(answer(total));
  });
}
