import { type Account, type Balances, normalSideOf } from '@strongroom/ledger';

/** Per currency, the sums over a set of accounts; each currency must balance on its own. */
export interface CurrencyTotals {
  readonly currency: string;
  readonly debitsPosted: bigint;
  readonly creditsPosted: bigint;
  readonly debitsPending: bigint;
  readonly creditsPending: bigint;
}

/** Σ of each balance per currency, in currency order; two currencies are never added. */
export function totalsPerCurrency(accounts: readonly Account[]): CurrencyTotals[] {
  const totals = new Map<string, CurrencyTotals>();
  for (const account of accounts) {
    const current = totals.get(account.currency) ?? {
      currency: account.currency,
      debitsPosted: 0n,
      creditsPosted: 0n,
      debitsPending: 0n,
      creditsPending: 0n,
    };
    const b = account.balances;
    totals.set(account.currency, {
      currency: account.currency,
      debitsPosted: current.debitsPosted + b.debitsPosted,
      creditsPosted: current.creditsPosted + b.creditsPosted,
      debitsPending: current.debitsPending + b.debitsPending,
      creditsPending: current.creditsPending + b.creditsPending,
    });
  }
  return [...totals.values()].sort((left, right) => (left.currency < right.currency ? -1 : 1));
}

/** The currencies whose debits and credits (posted, or pending) do not match: none in a ledger. */
export function unbalancedCurrencies(accounts: readonly Account[]): CurrencyTotals[] {
  return totalsPerCurrency(accounts).filter(
    (total) =>
      total.debitsPosted !== total.creditsPosted || total.debitsPending !== total.creditsPending,
  );
}

/**
 * The net balance from the account's normal side counting every hold against it (floor view) and
 * counting every hold for it (ceiling view), as `AccountLimits` documents.
 */
export function netBounds(
  account: Pick<Account, 'type'>,
  b: Balances,
): { low: bigint; high: bigint } {
  return normalSideOf(account.type) === 'credit'
    ? {
        low: b.creditsPosted - b.debitsPosted - b.debitsPending,
        high: b.creditsPosted + b.creditsPending - b.debitsPosted,
      }
    : {
        low: b.debitsPosted - b.creditsPosted - b.creditsPending,
        high: b.debitsPosted + b.debitsPending - b.creditsPosted,
      };
}

/** The result codes of the limits, in the ledger's precedence (`TRANSFER_STATUS_PRECEDENCE`). */
export const LIMIT_STATUSES = [
  'exceeds_credits',
  'exceeds_debits',
  'exceeds_floor',
  'exceeds_ceiling',
] as const;

/** One of {@link LIMIT_STATUSES}. */
export type LimitStatus = (typeof LIMIT_STATUSES)[number];

/** The limits `b` lies beyond on an account with these flags and limits, in precedence order. */
export function limitBreaches(
  account: Pick<Account, 'type' | 'flags' | 'limits'>,
  b: Balances,
): LimitStatus[] {
  const breaches: LimitStatus[] = [];
  if (
    account.flags.debitsMustNotExceedCredits &&
    b.debitsPending + b.debitsPosted > b.creditsPosted
  )
    breaches.push('exceeds_credits');
  if (
    account.flags.creditsMustNotExceedDebits &&
    b.creditsPending + b.creditsPosted > b.debitsPosted
  )
    breaches.push('exceeds_debits');
  const { low, high } = netBounds(account, b);
  if (account.limits.floorMinor !== null && low < account.limits.floorMinor)
    breaches.push('exceeds_floor');
  if (account.limits.ceilingMinor !== null && high > account.limits.ceilingMinor)
    breaches.push('exceeds_ceiling');
  return breaches;
}

/** What is wrong with an account's balances: negative totals or a limit beyond (none: `[]`). */
export function limitViolations(
  account: Pick<Account, 'type' | 'flags' | 'limits'>,
  b: Balances,
): string[] {
  const violations: string[] = [];
  for (const [name, value] of Object.entries(b) as [string, bigint][]) {
    if (value < 0n) violations.push(`${name} negative`);
  }
  return [...violations, ...limitBreaches(account, b)];
}
