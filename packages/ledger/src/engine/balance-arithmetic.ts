import { MONEY_MAX_MINOR_UNITS } from '@strongroom/kernel';
import { type Account, normalSideOf } from '../model/account.js';
import type { Balances } from '../model/balances.js';
import type { PostingSide } from '../model/journal-entry.js';
import { type TransferFailureStatus, transferStatusRank } from '../model/transfer-status.js';

/** A signed change to the four balances of one account. */
export type BalanceDelta = Balances;

/** Adds a signed delta to balances. */
export function addDelta(balances: Balances, delta: BalanceDelta): Balances {
  return {
    debitsPending: balances.debitsPending + delta.debitsPending,
    debitsPosted: balances.debitsPosted + delta.debitsPosted,
    creditsPending: balances.creditsPending + delta.creditsPending,
    creditsPosted: balances.creditsPosted + delta.creditsPosted,
  };
}

/** A delta moving `amount` on one side, as a hold (`pending`) or posted. */
export function sideDelta(side: PostingSide, amount: bigint, pending: boolean): BalanceDelta {
  return {
    debitsPending: side === 'debit' && pending ? amount : 0n,
    debitsPosted: side === 'debit' && !pending ? amount : 0n,
    creditsPending: side === 'credit' && pending ? amount : 0n,
    creditsPosted: side === 'credit' && !pending ? amount : 0n,
  };
}

/** The delta of resolving a hold of `held` on one side, posting `posted` of it. */
export function resolveDelta(side: PostingSide, held: bigint, posted: bigint): BalanceDelta {
  return {
    debitsPending: side === 'debit' ? -held : 0n,
    debitsPosted: side === 'debit' ? posted : 0n,
    creditsPending: side === 'credit' ? -held : 0n,
    creditsPosted: side === 'credit' ? posted : 0n,
  };
}

// `debits - credits` counted against `debitsMustNotExceedCredits`: pending credits never help.
function debitExcess(balances: Balances): bigint {
  return balances.debitsPending + balances.debitsPosted - balances.creditsPosted;
}

function creditExcess(balances: Balances): bigint {
  return balances.creditsPending + balances.creditsPosted - balances.debitsPosted;
}

/** The net balance from the normal side, with every hold that lowers it counted (floor view). */
export function lowNetBalance(account: Account, balances: Balances): bigint {
  return normalSideOf(account.type) === 'credit'
    ? balances.creditsPosted - balances.debitsPosted - balances.debitsPending
    : balances.debitsPosted - balances.creditsPosted - balances.creditsPending;
}

/** The net balance from the normal side, with every hold that raises it counted (ceiling view). */
export function highNetBalance(account: Account, balances: Balances): bigint {
  return normalSideOf(account.type) === 'credit'
    ? balances.creditsPosted + balances.creditsPending - balances.debitsPosted
    : balances.debitsPosted + balances.debitsPending - balances.creditsPosted;
}

/** Overflow codes for balances after a change, in precedence order (none: `[]`). */
export function overflowFaults(after: Balances): TransferFailureStatus[] {
  const faults: TransferFailureStatus[] = [];
  if (after.debitsPending > MONEY_MAX_MINOR_UNITS) faults.push('overflows_debits_pending');
  if (after.creditsPending > MONEY_MAX_MINOR_UNITS) faults.push('overflows_credits_pending');
  if (after.debitsPosted > MONEY_MAX_MINOR_UNITS) faults.push('overflows_debits_posted');
  if (after.creditsPosted > MONEY_MAX_MINOR_UNITS) faults.push('overflows_credits_posted');
  if (after.debitsPending + after.debitsPosted > MONEY_MAX_MINOR_UNITS)
    faults.push('overflows_debits');
  if (after.creditsPending + after.creditsPosted > MONEY_MAX_MINOR_UNITS)
    faults.push('overflows_credits');
  return faults;
}

/**
 * Limit codes a change from `before` to `after` triggers. A limit fails only when the change
 * makes its measure worse and ends beyond the bound, as in TigerBeetle (which checks the moved
 * side only): posting or releasing a hold never worsens a measure, so it never fails a limit.
 */
export function limitFaults(
  account: Account,
  before: Balances,
  after: Balances,
): TransferFailureStatus[] {
  const faults: TransferFailureStatus[] = [];
  if (
    account.flags.debitsMustNotExceedCredits &&
    debitExcess(after) > 0n &&
    debitExcess(after) > debitExcess(before)
  ) {
    faults.push('exceeds_credits');
  }
  if (
    account.flags.creditsMustNotExceedDebits &&
    creditExcess(after) > 0n &&
    creditExcess(after) > creditExcess(before)
  ) {
    faults.push('exceeds_debits');
  }
  const { floorMinor, ceilingMinor } = account.limits;
  const lowAfter = lowNetBalance(account, after);
  if (floorMinor !== null && lowAfter < floorMinor && lowAfter < lowNetBalance(account, before))
    faults.push('exceeds_floor');
  const highAfter = highNetBalance(account, after);
  if (
    ceilingMinor !== null &&
    highAfter > ceilingMinor &&
    highAfter > highNetBalance(account, before)
  ) {
    faults.push('exceeds_ceiling');
  }
  return faults;
}

/** The fault of highest precedence among several, or `null` when there is none. */
export function firstFault(faults: readonly TransferFailureStatus[]): TransferFailureStatus | null {
  let first: TransferFailureStatus | null = null;
  for (const fault of faults) {
    if (first === null || transferStatusRank(fault) < transferStatusRank(first)) first = fault;
  }
  return first;
}

/**
 * The most that can be added on `side` of the account without failing one of its limits, or
 * `null` when no limit bounds that side. Holds and postings count alike (see `limitFaults`).
 */
export function limitHeadroom(account: Account, side: PostingSide): bigint | null {
  const balances = account.balances;
  const creditNormal = normalSideOf(account.type) === 'credit';
  const candidates: bigint[] = [];
  const { floorMinor, ceilingMinor } = account.limits;
  if (side === 'debit') {
    if (account.flags.debitsMustNotExceedCredits) candidates.push(-debitExcess(balances));
    // A debit lowers a credit-normal net and raises a debit-normal one.
    if (creditNormal && floorMinor !== null)
      candidates.push(lowNetBalance(account, balances) - floorMinor);
    if (!creditNormal && ceilingMinor !== null)
      candidates.push(ceilingMinor - highNetBalance(account, balances));
  } else {
    if (account.flags.creditsMustNotExceedDebits) candidates.push(-creditExcess(balances));
    if (creditNormal && ceilingMinor !== null)
      candidates.push(ceilingMinor - highNetBalance(account, balances));
    if (!creditNormal && floorMinor !== null)
      candidates.push(lowNetBalance(account, balances) - floorMinor);
  }
  let least: bigint | null = null;
  // Math.min takes no bigints.
  for (const candidate of candidates) if (least === null || candidate < least) least = candidate;
  if (least === null) return null;
  return least > 0n ? least : 0n;
}

/**
 * The amount a balancing transfer moves on `side` of the account: the request's amount is an
 * upper bound, clamped to what the account's limits on that side allow (its flag, floor or
 * ceiling; see `limitHeadroom`). An account without a limit on that side is clamped as
 * TigerBeetle does, to its balance: a balancing debit moves at most
 * `creditsPosted -| (debitsPosted + debitsPending)`, a balancing credit at most
 * `debitsPosted -| (creditsPosted + creditsPending)`. For a flagged account both rules agree.
 */
export function balancingAmount(account: Account, side: PostingSide, upperBound: bigint): bigint {
  const b = account.balances;
  const headroom = limitHeadroom(account, side);
  const balance =
    side === 'debit'
      ? b.creditsPosted - (b.debitsPosted + b.debitsPending)
      : b.debitsPosted - (b.creditsPosted + b.creditsPending);
  const available = headroom ?? (balance > 0n ? balance : 0n);
  return available < upperBound ? available : upperBound;
}

/** Every invariant an account state must satisfy, as broken-invariant names (none: `[]`). */
export function accountInvariantViolations(account: Account): string[] {
  const b = account.balances;
  const violations: string[] = [];
  for (const [name, value] of Object.entries(b) as [string, bigint][]) {
    if (value < 0n || value > MONEY_MAX_MINOR_UNITS) violations.push(`${name} out of range`);
  }
  if (b.debitsPending + b.debitsPosted > MONEY_MAX_MINOR_UNITS) violations.push('debits overflow');
  if (b.creditsPending + b.creditsPosted > MONEY_MAX_MINOR_UNITS)
    violations.push('credits overflow');
  if (account.flags.debitsMustNotExceedCredits && debitExcess(b) > 0n)
    violations.push('debits exceed credits');
  if (account.flags.creditsMustNotExceedDebits && creditExcess(b) > 0n)
    violations.push('credits exceed debits');
  if (account.limits.floorMinor !== null && lowNetBalance(account, b) < account.limits.floorMinor)
    violations.push('below floor');
  if (
    account.limits.ceilingMinor !== null &&
    highNetBalance(account, b) > account.limits.ceilingMinor
  ) {
    violations.push('above ceiling');
  }
  if (!Number.isSafeInteger(account.entryCount) || account.entryCount < 0)
    violations.push('entry count out of range');
  return violations;
}
