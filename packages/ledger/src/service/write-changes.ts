import { assert, type StorageTransaction } from '@strongroom/kernel';
import type { LedgerChanges } from '../engine/ledger-changes.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import { accountRecordData } from '../store/account-record.js';
import { entryRecordData, entryRecordId } from '../store/entry-record.js';
import { failedIdRecordData } from '../store/failed-id-record.js';
import {
  expiryRecordData,
  expiryRecordId,
  transferLogRecordData,
  transferLogRecordId,
} from '../store/index-records.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import { journalRecordData, transferRecordData } from '../store/transfer-record.js';
import { compareIds, type LoadedState } from './loaded-state.js';

type Movement = Transfer | JournalEntry;

function isTransfer(movement: Movement): movement is Transfer {
  return 'debitAccountId' in movement;
}

function movementData(movement: Movement) {
  return isTransfer(movement) ? transferRecordData(movement) : journalRecordData(movement);
}

function awaitsExpiry(movement: Movement): boolean {
  return movement.pendingStatus === 'pending' && movement.expiresAt !== null;
}

function expiryKey(movement: Movement): string {
  assert(movement.expiresAt !== null, 'only a movement with a timeout has an expiry record');
  return expiryRecordId({
    transferId: movement.id,
    expiresAt: movement.expiresAt,
    timestamp: movement.timestamp,
  });
}

/**
 * Writes everything one execution changed, each record conditional on the version it was read at
 * (0 for a new one): accounts in ascending id order (the order they were loaded and locked in),
 * new transfers and journal entries with their log and expiry index records, pending ones whose
 * status changed (their expiry record removed), burned ids (in `ledger.transfers`, under the
 * key their movement would take) and statement lines.
 */
export async function writeChanges(
  tx: StorageTransaction,
  state: LoadedState,
  changes: LedgerChanges,
): Promise<void> {
  const accountIds = [...changes.accounts.keys()].sort(compareIds);
  for (const id of accountIds) {
    const account = changes.accounts.get(id);
    assert(account !== undefined, 'a changed account has its new state');
    await tx.records.put({
      collection: LEDGER_COLLECTIONS.accounts,
      id,
      data: accountRecordData(account),
      expectedVersion: state.accountVersion(id),
    });
  }
  for (const movement of [...changes.transfers, ...changes.journals]) {
    await tx.records.put({
      collection: LEDGER_COLLECTIONS.transfers,
      id: movement.id,
      data: movementData(movement),
      expectedVersion: state.movementVersion(movement.id),
    });
    const logEntry = {
      transferId: movement.id,
      insertedAt: movement.insertedAt,
      timestamp: movement.timestamp,
      code: movement.code,
    };
    await tx.records.put({
      collection: LEDGER_COLLECTIONS.transferLog,
      id: transferLogRecordId(logEntry),
      data: transferLogRecordData(logEntry),
      expectedVersion: 0,
    });
    if (awaitsExpiry(movement)) {
      assert(movement.expiresAt !== null, 'a movement awaiting expiry has a time');
      const entry = {
        transferId: movement.id,
        expiresAt: movement.expiresAt,
        timestamp: movement.timestamp,
      };
      await tx.records.put({
        collection: LEDGER_COLLECTIONS.expiries,
        id: expiryRecordId(entry),
        data: expiryRecordData(entry),
        expectedVersion: 0,
      });
    }
  }
  for (const movement of [...changes.updatedTransfers, ...changes.updatedJournals]) {
    const before = state.loadedMovement(movement.id);
    assert(before !== undefined, 'an updated movement existed before the execution');
    await tx.records.put({
      collection: LEDGER_COLLECTIONS.transfers,
      id: movement.id,
      data: movementData(movement),
      expectedVersion: state.movementVersion(movement.id),
    });
    const previous = before.kind === 'transfer' ? before.transfer : before.journal;
    if (awaitsExpiry(previous) && !awaitsExpiry(movement)) await removeExpiry(tx, previous);
  }
  for (const failed of changes.failedIds) {
    await tx.records.put({
      // The key a transfer or journal entry of this id would take: see BURNED_RECORD_KIND.
      collection: LEDGER_COLLECTIONS.transfers,
      id: failed.id,
      data: failedIdRecordData(failed),
      expectedVersion: state.movementVersion(failed.id),
    });
  }
  for (const entry of changes.entries) {
    await tx.records.put({
      collection: LEDGER_COLLECTIONS.entries,
      id: entryRecordId(entry.accountId, entry.sequence),
      data: entryRecordData(entry),
      expectedVersion: 0,
    });
  }
}

// A resolved pending transfer leaves the expiry index. If the record is already gone, a
// concurrent sweep expired the transfer after this transaction read it: the versioned write of
// the transfer record then fails the commit and the storage runs the command again.
async function removeExpiry(tx: StorageTransaction, previous: Movement): Promise<void> {
  const id = expiryKey(previous);
  const record = await tx.records.get(LEDGER_COLLECTIONS.expiries, id);
  if (record === undefined) return;
  await tx.records.delete({
    collection: LEDGER_COLLECTIONS.expiries,
    id,
    expectedVersion: record.version,
  });
}
