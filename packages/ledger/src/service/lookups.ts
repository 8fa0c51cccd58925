import {
  err,
  ok,
  type Result,
  type StorageError,
  type StorageTransaction,
  type TenantId,
  type ValidationError,
} from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import { readAccountRecord } from '../store/account-record.js';
import { isBurnedRecord } from '../store/failed-id-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import { readTransferRecord, type StoredMovement } from '../store/transfer-record.js';
import type { LedgerDependencies } from './ledger-audit.js';
import { compareIds } from './loaded-state.js';
import { parseIds } from './read-helpers.js';

/** Accounts by id inside a transaction, in the order asked, `null` for each missing one. */
export async function readAccounts(
  tx: StorageTransaction,
  ids: readonly string[],
): Promise<(Account | null)[]> {
  // Sorted like every account read, so a locking database takes locks in one order.
  const sorted = [...new Set(ids)].sort(compareIds);
  const records = await tx.records.getMany(LEDGER_COLLECTIONS.accounts, sorted);
  const byId = new Map<string, Account>();
  for (const record of records) {
    if (record !== undefined) byId.set(record.id, readAccountRecord(record.data));
  }
  return ids.map((id) => byId.get(id) ?? null);
}

/** Accounts by id, in the order asked, `null` for each one that does not exist. */
export async function lookupAccounts(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  ids: readonly string[],
): Promise<Result<(Account | null)[], ValidationError | StorageError>> {
  const parsed = parseIds('acc', ids);
  if (parsed.isErr()) return err(parsed.error);
  return dependencies.storage.transaction(tenantId, async (tx) =>
    ok(await readAccounts(tx, parsed.value)),
  );
}

/** Transfers or journal entries by id inside a transaction, `null` for each unknown one. */
export async function readMovements(
  tx: StorageTransaction,
  ids: readonly string[],
): Promise<(StoredMovement | null)[]> {
  const records = await tx.records.getMany(LEDGER_COLLECTIONS.transfers, ids);
  // A burned id holds a record under its key too (see BURNED_RECORD_KIND), but no movement.
  return records.map((record) =>
    record === undefined || isBurnedRecord(record.data) ? null : readTransferRecord(record.data),
  );
}

/** Transfers or journal entries by id, in the order asked, `null` for each unknown one. */
export async function lookupMovements(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  ids: readonly string[],
): Promise<Result<(StoredMovement | null)[], ValidationError | StorageError>> {
  const parsed = parseIds('trf', ids);
  if (parsed.isErr()) return err(parsed.error);
  return dependencies.storage.transaction(tenantId, async (tx) =>
    ok(await readMovements(tx, parsed.value)),
  );
}

/** Transfers by id, in the order asked; `null` for unknown ids and for journal entries. */
export async function lookupTransfers(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  ids: readonly string[],
): Promise<Result<(Transfer | null)[], ValidationError | StorageError>> {
  const found = await lookupMovements(dependencies, tenantId, ids);
  return found.map((movements) =>
    movements.map((movement) => (movement?.kind === 'transfer' ? movement.transfer : null)),
  );
}

/** Journal entries by id, in the order asked; `null` for unknown ids and for transfers. */
export async function lookupJournalEntries(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  ids: readonly string[],
): Promise<Result<(JournalEntry | null)[], ValidationError | StorageError>> {
  const found = await lookupMovements(dependencies, tenantId, ids);
  return found.map((movements) =>
    movements.map((movement) => (movement?.kind === 'journal' ? movement.journal : null)),
  );
}
