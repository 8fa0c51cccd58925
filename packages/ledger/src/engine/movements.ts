import { assert } from '@strongroom/kernel';
import type { Account, AccountState } from '../model/account.js';
import type { PostingSide } from '../model/journal-entry.js';
import type { TransferFailureStatus } from '../model/transfer-status.js';
import {
  accountInvariantViolations,
  addDelta,
  type BalanceDelta,
  firstFault,
  limitFaults,
  overflowFaults,
} from './balance-arithmetic.js';
import type { AccountEntryKind } from './ledger-changes.js';
import type { LedgerOverlay } from './ledger-overlay.js';
import type { AccountBalances } from './transfer-result.js';

/** What one event does to one account: a signed balance delta and its statement line. */
export interface Movement {
  /** The account as read before the event. */
  readonly account: Account;
  /** The side that moves. */
  readonly side: PostingSide;
  /** The statement line's kind. */
  readonly kind: AccountEntryKind;
  /** The statement line's amount. */
  readonly amountMinor: bigint;
  /** The change to the four balances. */
  readonly delta: BalanceDelta;
  /** A status change (closing, re-opening), or `null` to keep the status. */
  readonly status: AccountState | null;
}

/** The stamp shared by every statement line of one event. */
export interface EventStamp {
  /** The transfer or journal entry (for an expiry: the pending one). */
  readonly transferId: string;
  /** Effective time of the lines. */
  readonly effectiveAt: Date;
  /** Execution time. */
  readonly insertedAt: Date;
  /** The event's commit stamp. */
  readonly timestamp: bigint;
}

/**
 * The overflow or limit failure of highest precedence that applying the movements would cause,
 * over all accounts of the event, or `null`. Each account appears in at most one movement.
 */
export function movementFault(movements: readonly Movement[]): TransferFailureStatus | null {
  const faults: TransferFailureStatus[] = [];
  for (const movement of movements) {
    const before = movement.account.balances;
    const after = addDelta(before, movement.delta);
    faults.push(...overflowFaults(after), ...limitFaults(movement.account, before, after));
  }
  return firstFault(faults);
}

/**
 * Applies checked movements: new balances, status and entry count per account, and one statement
 * line each. Returns the balances after, in movement order.
 */
export function applyMovements(
  scope: LedgerOverlay,
  movements: readonly Movement[],
  stamp: EventStamp,
): AccountBalances[] {
  const seen = new Set<string>();
  return movements.map((movement) => {
    assert(!seen.has(movement.account.id), 'an event moves each account once');
    seen.add(movement.account.id);
    const current = scope.account(movement.account.id);
    assert(current === movement.account, 'movements are built from the current account state');
    const balances = addDelta(current.balances, movement.delta);
    const sequence = current.entryCount + 1;
    const updated: Account = {
      ...current,
      balances,
      status: movement.status ?? current.status,
      entryCount: sequence,
    };
    const violations = accountInvariantViolations(updated);
    assert(violations.length === 0, `account invariant broken: ${violations.join(', ')}`);
    scope.putAccount(updated);
    scope.addEntry({
      accountId: current.id,
      sequence,
      transferId: stamp.transferId,
      side: movement.side,
      kind: movement.kind,
      amountMinor: movement.amountMinor,
      balancesAfter: balances,
      effectiveAt: stamp.effectiveAt,
      insertedAt: stamp.insertedAt,
      timestamp: stamp.timestamp,
    });
    return { accountId: current.id, balances };
  });
}
