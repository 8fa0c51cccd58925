import { assert } from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import type { JournalEntry, Posting } from '../model/journal-entry.js';
import {
  checkJournalShape,
  type JournalShape,
  type ParsedJournal,
  validateJournal,
} from '../model/parse-journal.js';
import type { TransferFailureStatus } from '../model/transfer-status.js';
import { resolveDelta, sideDelta } from './balance-arithmetic.js';
import { compareJournal, samePostings } from './event-idempotency.js';
import { executeEventOfKind } from './event-pipeline.js';
import { knownBalances } from './event-results.js';
import type { LedgerOverlay } from './ledger-overlay.js';
import {
  movementStamp,
  newMovementLifecycle,
  resolutionLifecycle,
  resolvedPendingFault,
} from './movement-lifecycle.js';
import { applyMovements, type Movement, movementFault } from './movements.js';
import type { AccountBalances, TransferResult } from './transfer-result.js';

function journalResult(
  journal: JournalEntry,
  status: 'created' | 'exists',
  accounts: readonly AccountBalances[],
): TransferResult {
  return {
    id: journal.id,
    status,
    timestamp: journal.timestamp,
    transfer: null,
    journal,
    debitAccount: null,
    creditAccount: null,
    accounts,
  };
}

/**
 * Looks up the accounts of the postings: every debit posting first, then every credit posting,
 * so that a missing account is reported with the code of highest precedence.
 */
function lookUpPostingAccounts(
  scope: LedgerOverlay,
  postings: readonly Posting[],
): Account[] | TransferFailureStatus {
  for (const side of ['debit', 'credit'] as const) {
    for (const posting of postings) {
      if (posting.side === side && scope.account(posting.accountId) === undefined)
        return side === 'debit' ? 'debit_account_not_found' : 'credit_account_not_found';
    }
  }
  return postings.map((posting) => {
    const account = scope.account(posting.accountId);
    assert(account !== undefined, 'every posting account was found above');
    return account;
  });
}

/** Σ debits = Σ credits within each currency; amounts of two currencies are never added. */
function balancesPerCurrency(postings: readonly Posting[], accounts: readonly Account[]): boolean {
  const net = new Map<string, bigint>();
  postings.forEach((posting, index) => {
    const account = accounts[index];
    assert(account !== undefined, 'one account per posting');
    const signed = posting.side === 'debit' ? posting.amountMinor : -posting.amountMinor;
    net.set(account.currency, (net.get(account.currency) ?? 0n) + signed);
  });
  return [...net.values()].every((sum) => sum === 0n);
}

function closedFault(
  postings: readonly Posting[],
  accounts: readonly Account[],
): TransferFailureStatus | null {
  for (const side of ['debit', 'credit'] as const) {
    for (const [index, posting] of postings.entries()) {
      if (posting.side === side && accounts[index]?.status === 'closed')
        return side === 'debit' ? 'debit_account_already_closed' : 'credit_account_already_closed';
    }
  }
  return null;
}

function createJournal(
  scope: LedgerOverlay,
  parsed: ParsedJournal,
  timestamp: bigint,
  now: Date,
): TransferResult | TransferFailureStatus {
  const { postings, code } = parsed;
  assert(postings !== null && code !== null, 'validation guarantees postings and code');
  const accounts = lookUpPostingAccounts(scope, postings);
  if (typeof accounts === 'string') return accounts;
  if (!balancesPerCurrency(postings, accounts)) return 'postings_must_balance';
  const closed = closedFault(postings, accounts);
  if (closed !== null) return closed;

  const pending = parsed.flags.pending;
  const movements: Movement[] = postings.map((posting, index) => {
    const account = accounts[index];
    assert(account !== undefined, 'one account per posting');
    return {
      account,
      side: posting.side,
      kind: pending ? 'pending' : 'posted',
      amountMinor: posting.amountMinor,
      delta: sideDelta(posting.side, posting.amountMinor, pending),
      status: null,
    };
  });
  const fault = movementFault(movements);
  if (fault !== null) return fault;

  const journal: JournalEntry = {
    id: parsed.id,
    postings,
    code,
    metadata: parsed.metadata ?? {},
    flags: parsed.flags,
    ...newMovementLifecycle(
      { pending: pending, timeoutMs: parsed.timeoutMs, effectiveAt: parsed.effectiveAt },
      now,
      timestamp,
    ),
  };
  scope.createJournal(journal);
  return journalResult(
    journal,
    'created',
    applyMovements(scope, movements, movementStamp(journal)),
  );
}

function resolvePendingJournal(
  scope: LedgerOverlay,
  parsed: ParsedJournal,
  timestamp: bigint,
  now: Date,
): TransferResult | TransferFailureStatus {
  assert(parsed.pendingId !== null, 'validation guarantees a pending id on a post or void');
  const pending = scope.journal(parsed.pendingId);
  if (pending === undefined) {
    return scope.transfer(parsed.pendingId) === undefined
      ? 'pending_transfer_not_found'
      : 'pending_transfer_has_different_kind';
  }
  if (!pending.flags.pending) return 'pending_transfer_not_pending';
  if (parsed.postings !== null && !samePostings(parsed.postings, pending.postings))
    return 'pending_transfer_has_different_postings';
  if (parsed.code !== null && parsed.code !== pending.code)
    return 'pending_transfer_has_different_code';
  const resolved = resolvedPendingFault(pending, now);
  if (resolved !== null) return resolved;

  const accounts = pending.postings.map((posting) => {
    const account = scope.account(posting.accountId);
    assert(account !== undefined, 'the accounts of a pending entry are loaded');
    return account;
  });
  const voiding = parsed.flags.voidPending;
  if (!voiding) {
    const closed = closedFault(pending.postings, accounts);
    if (closed !== null) return closed;
  }
  const movements: Movement[] = pending.postings.map((posting, index) => {
    const account = accounts[index];
    assert(account !== undefined, 'one account per posting');
    return {
      account,
      side: posting.side,
      kind: voiding ? 'pending_released' : 'pending_posted',
      amountMinor: posting.amountMinor,
      delta: resolveDelta(posting.side, posting.amountMinor, voiding ? 0n : posting.amountMinor),
      status: null,
    };
  });
  assert(movementFault(movements) === null, 'resolving a hold never breaks a limit');

  const journal: JournalEntry = {
    id: parsed.id,
    postings: pending.postings,
    code: parsed.code ?? pending.code,
    metadata: parsed.metadata ?? pending.metadata,
    flags: parsed.flags,
    ...resolutionLifecycle(pending.id, parsed.effectiveAt, now, timestamp),
  };
  scope.updateJournal({ ...pending, pendingStatus: voiding ? 'voided' : 'posted' });
  scope.createJournal(journal);
  return journalResult(
    journal,
    'created',
    applyMovements(scope, movements, movementStamp(journal)),
  );
}

function checkExisting(
  scope: LedgerOverlay,
  shape: JournalShape,
): TransferResult | TransferFailureStatus | null {
  if (scope.transfer(shape.id) !== undefined) return 'exists_with_different_kind';
  const stored = scope.journal(shape.id);
  if (stored !== undefined) {
    const status = compareJournal(shape, stored, scope);
    if (status !== 'exists') return status;
    const accountIds = stored.postings.map((posting) => posting.accountId);
    return journalResult(stored, 'exists', knownBalances(scope, accountIds));
  }
  if (scope.failedId(shape.id) !== undefined) return 'id_already_failed';
  return null;
}

// The journal kind's steps, run by the shared pipeline.
const JOURNAL_STEPS = {
  checkShape: checkJournalShape,
  checkExisting,
  validate: validateJournal,
  resolve: resolvePendingJournal,
  create: createJournal,
};

/**
 * Executes one journal-entry event against a scope, in `TRANSFER_STATUS_PRECEDENCE` order, like
 * `executeTransferEvent`: one id, all postings or none, pending and resolved as a whole.
 */
export function executeJournalEvent(
  scope: LedgerOverlay,
  input: unknown,
  timestamp: bigint,
  now: Date,
): TransferResult {
  return executeEventOfKind(JOURNAL_STEPS, scope, input, timestamp, now);
}
