import { assert } from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import type { JournalEntry, PostingSide } from '../model/journal-entry.js';
import { LEDGER_BATCH_EVENTS_MAX } from '../model/ledger-limits.js';
import type { Transfer } from '../model/transfer.js';
import { resolveDelta } from './balance-arithmetic.js';
import type { ExecutionContext } from './execution-context.js';
import type { LedgerChanges } from './ledger-changes.js';
import { assertChangeInvariants, changesOf } from './ledger-invariants.js';
import { LedgerOverlay } from './ledger-overlay.js';
import type { LedgerStateReader } from './ledger-state.js';
import { isExpiredAt } from './movement-lifecycle.js';
import { applyMovements, type Movement, movementFault } from './movements.js';

/**
 * The outcome for one pending id of a sweep: `expired` (released now), or why it was skipped —
 * `not_found`, `not_pending` (already posted, voided or expired: the sweep is idempotent, so
 * several sweepers may race) or `not_due` (no timeout, or it expires after `now`).
 */
export interface ExpiryResult {
  /** The pending transfer or journal entry id. */
  readonly id: string;
  /** What happened to it. */
  readonly status: 'expired' | 'not_found' | 'not_pending' | 'not_due';
  /** The commit stamp of the expiry; `0n` for a skipped id. */
  readonly timestamp: bigint;
}

/** What a sweep returns. */
export interface ExpiryOutcome {
  /** One per id, in the order given. */
  readonly results: ExpiryResult[];
  /** Everything to write. */
  readonly changes: LedgerChanges;
}

type PendingRecord =
  | { readonly kind: 'transfer'; readonly record: Transfer }
  | { readonly kind: 'journal'; readonly record: JournalEntry };

interface Leg {
  readonly accountId: string;
  readonly side: PostingSide;
  readonly amountMinor: bigint;
  readonly reopens: boolean;
}

function legsOf(pending: PendingRecord): Leg[] {
  if (pending.kind === 'journal') {
    return pending.record.postings.map((posting) => ({ ...posting, reopens: false }));
  }
  const transfer = pending.record;
  return [
    {
      accountId: transfer.debitAccountId,
      side: 'debit',
      amountMinor: transfer.amountMinor,
      reopens: transfer.flags.closingDebit,
    },
    {
      accountId: transfer.creditAccountId,
      side: 'credit',
      amountMinor: transfer.amountMinor,
      reopens: transfer.flags.closingCredit,
    },
  ];
}

function compareExpiry(a: PendingRecord, b: PendingRecord): number {
  const aTime = a.record.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bTime = b.record.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (aTime !== bTime) return aTime < bTime ? -1 : 1;
  if (a.record.timestamp === b.record.timestamp) return 0;
  return a.record.timestamp < b.record.timestamp ? -1 : 1;
}

/**
 * Releases the pending transfers and journal entries among `pendingIds` whose timeout has passed
 * at `context.now`, in (expiresAt, timestamp) order whatever order they come in (the `i`-th expiry
 * gets stamp `firstTimestamp + i`): pending balances are reversed, the status becomes `expired`,
 * accounts closed by a closing transfer re-open, and each account gets an `expired` statement
 * line dated at the moment of expiry. Idempotent: an id that is no longer pending is skipped. The
 * service loads the records and their accounts first.
 */
export function expirePendingTransfers(
  state: LedgerStateReader,
  pendingIds: readonly string[],
  context: ExecutionContext,
): ExpiryOutcome {
  assert(pendingIds.length <= LEDGER_BATCH_EVENTS_MAX, 'a sweep holds at most a batch');
  assert(context.firstTimestamp > 0n, 'timestamps are positive');
  const root = new LedgerOverlay(state);
  const now = new Date(context.now.getTime());
  const statuses = new Map<string, ExpiryResult['status']>();
  const due: PendingRecord[] = [];
  for (const id of pendingIds) {
    if (statuses.has(id)) continue;
    const transfer = state.transfer(id);
    const journal = state.journal(id);
    const pending: PendingRecord | null =
      transfer !== undefined
        ? { kind: 'transfer', record: transfer }
        : journal !== undefined
          ? { kind: 'journal', record: journal }
          : null;
    if (pending === null) statuses.set(id, 'not_found');
    else if (!pending.record.flags.pending || pending.record.pendingStatus !== 'pending')
      statuses.set(id, 'not_pending');
    else if (!isExpiredAt(pending.record, now)) statuses.set(id, 'not_due');
    else {
      statuses.set(id, 'expired');
      due.push(pending);
    }
  }
  due.sort(compareExpiry);

  const stamps = new Map<string, bigint>();
  due.forEach((pending, index) => {
    const timestamp = context.firstTimestamp + BigInt(index);
    stamps.set(pending.record.id, timestamp);
    const movements: Movement[] = legsOf(pending).map((leg) => {
      const account: Account | undefined = root.account(leg.accountId);
      assert(account !== undefined, 'the accounts of an expiring hold are loaded');
      return {
        account,
        side: leg.side,
        kind: 'expired',
        amountMinor: leg.amountMinor,
        delta: resolveDelta(leg.side, leg.amountMinor, 0n),
        status: leg.reopens ? 'open' : null,
      };
    });
    assert(movementFault(movements) === null, 'releasing a hold never breaks a limit');
    const expiresAt = pending.record.expiresAt;
    assert(expiresAt !== null, 'only holds with a timeout expire');
    applyMovements(root, movements, {
      transferId: pending.record.id,
      effectiveAt: expiresAt,
      insertedAt: now,
      timestamp,
    });
    if (pending.kind === 'transfer')
      root.updateTransfer({ ...pending.record, pendingStatus: 'expired' });
    else root.updateJournal({ ...pending.record, pendingStatus: 'expired' });
  });

  const results = pendingIds.map((id, index): ExpiryResult => {
    const status = statuses.get(id);
    assert(status !== undefined, 'every id was classified');
    // A repeated id was handled at its first occurrence; later ones find it no longer pending.
    const first = pendingIds.indexOf(id) === index;
    return {
      id,
      status: first ? status : status === 'expired' ? 'not_pending' : status,
      timestamp: first ? (stamps.get(id) ?? 0n) : 0n,
    };
  });
  const changes = changesOf(root);
  assertChangeInvariants(state, changes);
  return { results, changes };
}
