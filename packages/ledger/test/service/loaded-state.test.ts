import {
  type Currency,
  type JsonObject,
  type StorageTransaction,
  type StoredRecord,
  typeIdGenerator,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { Transfer } from '../../src/model/transfer.js';
import { LoadedState } from '../../src/service/loaded-state.js';
import { failedIdRecordData } from '../../src/store/failed-id-record.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';
import { transferRecordData } from '../../src/store/transfer-record.js';

const at = new Date('2026-04-01T10:00:00.000Z');

const pending: Transfer = {
  id: typeIdGenerator.next('trf'),
  debitAccountId: typeIdGenerator.next('acc'),
  creditAccountId: typeIdGenerator.next('acc'),
  amountMinor: 500n,
  currency: 'USD' as Currency,
  code: 3,
  metadata: {},
  flags: {
    linked: false,
    pending: true,
    postPending: false,
    voidPending: false,
    balancingDebit: false,
    balancingCredit: false,
    closingDebit: false,
    closingCredit: false,
  },
  pendingId: null,
  timeoutMs: 60_000,
  expiresAt: new Date(at.getTime() + 60_000),
  effectiveAt: at,
  insertedAt: at,
  timestamp: 99n,
  pendingStatus: 'pending',
};

// A transaction whose `ledger.transfers` records the test rewrites between reads, as commands
// committing at READ COMMITTED would; it counts the reads it answers.
class ScriptedTransaction {
  readonly records = new Map<string, StoredRecord>();
  reads = 0;

  put(id: string, data: JsonObject, version: number): void {
    const stored = JSON.parse(JSON.stringify(data)) as JsonObject;
    this.records.set(id, { collection: LEDGER_COLLECTIONS.transfers, id, data: stored, version });
  }

  asTransaction(): StorageTransaction {
    const getMany = async (collection: string, ids: readonly string[]) => {
      expect(collection).toBe(LEDGER_COLLECTIONS.transfers);
      this.reads += 1;
      return ids.map((id) => this.records.get(id));
    };
    return { records: { getMany } } as unknown as StorageTransaction;
  }
}

describe('LoadedState', () => {
  it('reads a burned id from the key its transfer would take, with that record version', async () => {
    const script = new ScriptedTransaction();
    const burned = {
      id: typeIdGenerator.next('trf'),
      status: 'exceeds_credits' as const,
      timestamp: 7n,
    };
    script.put(burned.id, failedIdRecordData(burned), 1);
    const absent = typeIdGenerator.next('trf');
    const state = new LoadedState();
    await state.loadMovements(script.asTransaction(), [burned.id, absent, 'trf_not-an-id']);
    expect(script.reads).toBe(1);
    expect(state.failedId(burned.id)).toEqual(burned);
    expect(state.transfer(burned.id)).toBeUndefined();
    expect(state.loadedMovement(burned.id)).toBeUndefined();
    // Creating or burning either id is an insert or rewrite of that one key at this version.
    expect(state.movementVersion(burned.id)).toBe(1);
    expect(state.movementVersion(absent)).toBe(0);
  });

  it('reads pending movements again after the locks, taking what a racing command committed', async () => {
    const script = new ScriptedTransaction();
    script.put(pending.id, transferRecordData(pending), 1);
    const settled: Transfer = {
      ...pending,
      id: typeIdGenerator.next('trf'),
      pendingStatus: 'none',
    };
    script.put(
      settled.id,
      transferRecordData({ ...settled, flags: { ...settled.flags, pending: false } }),
      1,
    );
    const tx = script.asTransaction();
    const state = new LoadedState();
    await state.loadMovements(tx, [pending.id, settled.id]);
    // While this command waited for the account locks, another one posted the pending transfer.
    script.put(pending.id, transferRecordData({ ...pending, pendingStatus: 'posted' }), 2);
    await state.reloadPendingMovements(tx);
    expect(script.reads).toBe(2);
    expect(state.transfer(pending.id)?.pendingStatus).toBe('posted');
    expect(state.movementVersion(pending.id)).toBe(2);
    // Nothing pending is left to read again: a resolved movement never changes.
    await state.reloadPendingMovements(tx);
    expect(script.reads).toBe(2);
  });
});
