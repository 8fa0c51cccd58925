import {
  assert,
  type EventEnvelope,
  err,
  ok,
  PAGE_LIMIT_MAX,
  type Result,
  type StoredRecord,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import { type ExpiryResult, expirePendingTransfers } from '../engine/expire-pending-transfers.js';
import type { LedgerChanges } from '../engine/ledger-changes.js';
import type { AccountBalances } from '../engine/transfer-result.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import { readExpiryRecord } from '../store/index-records.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import type { StoredMovement } from '../store/transfer-record.js';
import { hasChanges } from './commit-transfers.js';
import { commandLeaf, LEDGER_AUDIT_ACTIONS, type LedgerDependencies } from './ledger-audit.js';
import type { LedgerRequestContext } from './ledger-context.js';
import type { LedgerCommitError } from './ledger-error.js';
import { LEDGER_COMMAND_TRANSACTION } from './ledger-transaction.js';
import { LoadedState } from './loaded-state.js';
import { type EventSource, expiredEvent } from './outbox-events.js';
import { transactionBudget } from './run-transfer-commands.js';
import { writeChanges } from './write-changes.js';

/** Most pending transfers one `sweepExpired` call releases. */
export const LEDGER_SWEEP_LIMIT_MAX = 10_000;

// Items an expiry of a transfer touches besides its index record: the transfer, two accounts, two
// statement lines, the outbox event. A journal entry: two per posting, its record and its event.
const TRANSFER_EXPIRY_ITEMS = 6;
// The fewest items any listed index record costs, used to size the listing page.
const LISTED_ITEM_COST = 1 + TRANSFER_EXPIRY_ITEMS;

/** Options of a sweep. */
export interface SweepOptions {
  /** Most pending transfers to release in this call, 1..{@link LEDGER_SWEEP_LIMIT_MAX}. */
  readonly limit: number;
}

/** What a sweep did. */
export interface SweepOutcome {
  /** The transfers and journal entries released, in (expiresAt, timestamp) order. */
  readonly expired: readonly ExpiryResult[];
  /** True when the limit stopped the sweep while more holds were due: call it again. */
  readonly more: boolean;
}

function movementCost(movement: StoredMovement | undefined): number {
  if (movement === undefined) return 0;
  if (movement.kind === 'transfer') return TRANSFER_EXPIRY_ITEMS;
  return 2 * movement.journal.postings.length + 2;
}

function movementAccounts(movement: StoredMovement): string[] {
  return movement.kind === 'transfer'
    ? [movement.transfer.debitAccountId, movement.transfer.creditAccountId]
    : movement.journal.postings.map((posting) => posting.accountId);
}

function balancesOf(changes: LedgerChanges, accountIds: readonly string[]): AccountBalances[] {
  const balances: AccountBalances[] = [];
  for (const accountId of accountIds) {
    const account = changes.accounts.get(accountId);
    if (account !== undefined) balances.push({ accountId, balances: account.balances });
  }
  return balances;
}

interface SweepStep {
  readonly expired: ExpiryResult[];
  readonly handled: number;
  readonly more: boolean;
}

async function sweepOnce(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  commandId: string,
  limit: number,
  context: LedgerRequestContext,
): Promise<Result<SweepStep, LedgerCommitError>> {
  const budget = transactionBudget(dependencies).items - 1;
  const pageLimit = Math.max(
    1,
    Math.min(limit, PAGE_LIMIT_MAX, Math.floor(budget / LISTED_ITEM_COST)),
  );
  return dependencies.storage.transaction(
    tenantId,
    async (tx) => {
      const now = dependencies.clock.now();
      // The index lists in (expiresAt, timestamp) order, so the due records come first.
      const page = await tx.records.list(LEDGER_COLLECTIONS.expiries, { limit: pageLimit });
      const due: { record: StoredRecord; transferId: string }[] = [];
      for (const record of page.items) {
        const entry = readExpiryRecord(record.data);
        if (entry.expiresAt.getTime() > now.getTime()) break;
        due.push({ record, transferId: entry.transferId });
      }
      if (due.length === 0) return ok({ expired: [], handled: 0, more: false });
      const state = new LoadedState();
      await state.loadMovements(
        tx,
        due.map(({ transferId }) => transferId),
      );
      const found = due.map(({ transferId }) => state.loadedMovement(transferId));
      await state.loadAccounts(
        tx,
        found.flatMap((movement) => (movement === undefined ? [] : movementAccounts(movement))),
      );
      // A racing sweeper or command may have resolved a hold while this one waited for its locks.
      await state.reloadPendingMovements(tx);
      // Every listed record is read, so it counts once; each release adds what it writes.
      let items = page.items.length;
      let selected = 0;
      for (const movement of found) {
        const cost = movementCost(movement);
        if (selected > 0 && items + cost > budget) break;
        items += cost;
        selected += 1;
      }
      const chosen = due.slice(0, selected);
      const firstTimestamp = dependencies.stamps.reserve(chosen.length, now);
      const { results, changes } = expirePendingTransfers(
        state,
        chosen.map(({ transferId }) => transferId),
        { now, firstTimestamp },
      );
      assert(results.length === chosen.length, 'the engine answers every pending id');
      await writeChanges(tx, state, changes);
      // Index records of transfers that resolved otherwise, or vanished, are dropped too.
      for (const [position, result] of results.entries()) {
        if (result.status !== 'not_found' && result.status !== 'not_pending') continue;
        const record = chosen[position]?.record;
        assert(record !== undefined, 'every result has its index record');
        await tx.records.delete({
          collection: LEDGER_COLLECTIONS.expiries,
          id: record.id,
          expectedVersion: record.version,
        });
      }
      const expired = results.filter((result) => result.status === 'expired');
      if (expired.length > 0) {
        assert(hasChanges(changes), 'an expiry changes balances');
        const leaf = commandLeaf(
          context,
          LEDGER_AUDIT_ACTIONS.transfersExpired,
          commandId,
          'succeeded',
          {
            command: 'sweep_expired',
            expired: expired.length,
          },
        );
        const receipt = await dependencies.audit.append(tx, leaf);
        if (receipt.isErr()) return err(receipt.error);
        const source: EventSource = {
          tenantId,
          ids: dependencies.ids,
          occurredAt: now,
          correlationId: context.correlationId ?? null,
          causationId: commandId,
        };
        const updated = new Map<string, Transfer | JournalEntry>();
        for (const movement of [...changes.updatedTransfers, ...changes.updatedJournals]) {
          updated.set(movement.id, movement);
        }
        const events: EventEnvelope[] = [];
        for (const result of expired) {
          const movement = updated.get(result.id);
          assert(movement !== undefined, 'an expired movement is among the updated ones');
          const accounts =
            'debitAccountId' in movement
              ? [movement.debitAccountId, movement.creditAccountId]
              : movement.postings.map((posting) => posting.accountId);
          events.push(expiredEvent(source, movement, balancesOf(changes, accounts)));
        }
        await tx.outbox.append(events);
      }
      const more =
        selected < due.length || (due.length === page.items.length && page.next !== null);
      return ok({ expired, handled: selected, more });
    },
    LEDGER_COMMAND_TRANSACTION,
  );
}

/**
 * Releases pending transfers and journal entries whose `expiresAt` is at or before now, in
 * (expiresAt, timestamp) order through the expiry index, up to `limit`, in as many transactions
 * as the storage's limits need. Idempotent, and safe to run on several processes at once: each
 * release rewrites the pending record at the version it read, so of two sweeps releasing the same
 * hold one commits and the other conflicts, runs again, and finds nothing left to do. A post or
 * void at or after `expiresAt` already fails with `pending_transfer_expired` before the sweep
 * runs; the sweep is what gives the held amounts back.
 */
export async function sweepExpired(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  options: SweepOptions,
  context: LedgerRequestContext,
): Promise<Result<SweepOutcome, LedgerCommitError | ValidationError>> {
  const { limit } = options;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > LEDGER_SWEEP_LIMIT_MAX) {
    return err(validationError('limit', 'out_of_range'));
  }
  const commandId = dependencies.ids.next('bat');
  const expired: ExpiryResult[] = [];
  let remaining = limit;
  let more = false;
  while (remaining > 0) {
    const step = await sweepOnce(dependencies, tenantId, commandId, remaining, context);
    if (step.isErr()) return err(step.error);
    expired.push(...step.value.expired);
    remaining -= step.value.handled;
    more = step.value.more;
    if (!more || step.value.handled === 0) break;
  }
  return ok({ expired, more });
}
