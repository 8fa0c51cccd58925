import { assert, type Id, parseId, type StorageTransaction } from '@strongroom/kernel';
import type { FailedEvent, LedgerStateReader } from '../engine/ledger-state.js';
import type { Account } from '../model/account.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import { readAccountRecord } from '../store/account-record.js';
import { isBurnedRecord, readFailedIdRecord } from '../store/failed-id-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import { readTransferRecord, type StoredMovement } from '../store/transfer-record.js';

/**
 * The records one transaction loaded, with the version each was read at (0 = absent), so every
 * write can name the version it replaces: a concurrent command that changed one of them makes the
 * write conflict and the storage run the command again on fresh state.
 */
export class LoadedState implements LedgerStateReader {
  readonly #accounts = new Map<string, { account: Account | undefined; version: number }>();
  // Transfers, journal entries and burned ids share one record per id (see BURNED_RECORD_KIND).
  readonly #movements = new Map<
    string,
    {
      movement: StoredMovement | undefined;
      failed: FailedEvent | undefined;
      version: number;
    }
  >();

  /** The account, or `undefined` (also when it was never loaded). */
  account(id: string): Account | undefined {
    return this.#accounts.get(id)?.account;
  }

  /** The transfer, or `undefined`. */
  transfer(id: string): Transfer | undefined {
    const movement = this.#movements.get(id)?.movement;
    return movement?.kind === 'transfer' ? movement.transfer : undefined;
  }

  /** The journal entry, or `undefined`. */
  journal(id: string): JournalEntry | undefined {
    const movement = this.#movements.get(id)?.movement;
    return movement?.kind === 'journal' ? movement.journal : undefined;
  }

  /** The burned id, or `undefined`. */
  failedId(id: string): FailedEvent | undefined {
    return this.#movements.get(id)?.failed;
  }

  /** The version an account was read at; writing one that was never loaded is a bug. */
  accountVersion(id: string): number {
    const loaded = this.#accounts.get(id);
    assert(loaded !== undefined, 'every account written was loaded first');
    return loaded.version;
  }

  /**
   * The version the `ledger.transfers` record of an id (its transfer, journal entry or burned id)
   * was read at (0 = absent or never loaded).
   */
  movementVersion(id: string): number {
    return this.#movements.get(id)?.version ?? 0;
  }

  /** The loaded record of a transfer or journal entry, as it was before this execution. */
  loadedMovement(id: string): StoredMovement | undefined {
    return this.#movements.get(id)?.movement;
  }

  /**
   * Loads transfers, journal entries and burned ids (one id space, one record per id) in sorted
   * id order. Ids that are not well-formed `trf_` TypeIDs cannot name a record and are skipped:
   * the engine reports them in precedence order.
   */
  async loadMovements(tx: StorageTransaction, ids: Iterable<string>): Promise<void> {
    const wanted = sortedNew(parsedIds('trf', ids), this.#movements);
    if (wanted.length === 0) return;
    const records = await tx.records.getMany(LEDGER_COLLECTIONS.transfers, wanted);
    for (const [position, id] of wanted.entries()) {
      const record = records[position];
      const burned = record !== undefined && isBurnedRecord(record.data);
      const failed = burned ? readFailedIdRecord(record.data) : undefined;
      const movement = record === undefined || burned ? undefined : readTransferRecord(record.data);
      const storedId = failed?.id ?? (movement === undefined ? undefined : idOf(movement));
      assert(
        storedId === undefined || storedId === id,
        'a ledger.transfers record is stored under its own id',
      );
      this.#movements.set(id, { movement, failed, version: record?.version ?? 0 });
    }
  }

  /**
   * Reads the loaded pending movements again, once every account is locked. They were read before
   * the locks, and at READ COMMITTED a command that waited for a lock may find a pending movement
   * resolved meanwhile by the command it waited for, whose balances the lock returned: releasing
   * the hold again from the stale record would break the account's invariants. Resolving a pending
   * movement (post, void, expiry) locks its accounts, which are now held, so the fresh record stays
   * as read until commit. Other records need no second read: a resolved movement or a burned id
   * never changes, and an absent id created meanwhile makes this command's insert conflict.
   */
  async reloadPendingMovements(tx: StorageTransaction): Promise<void> {
    const pending = [...this.#movements.entries()]
      .filter(([, loaded]) => pendingStatusOf(loaded.movement) === 'pending')
      .map(([id]) => id);
    if (pending.length === 0) return;
    const records = await tx.records.getMany(LEDGER_COLLECTIONS.transfers, pending);
    for (const [position, id] of pending.entries()) {
      const record = records[position];
      assert(record !== undefined, 'a movement is never deleted');
      const movement = readTransferRecord(record.data);
      assert(idOf(movement) === id, 'a ledger.transfers record is stored under its own id');
      this.#movements.set(id, { movement, failed: undefined, version: record.version });
    }
  }

  /**
   * Loads accounts for update (`{ lock: true }`: Postgres `FOR UPDATE`, taken in ascending id
   * order), so a second command on a hot account waits at this read instead of doing its work and
   * failing at commit. A command's accounts come in one call; only the accounts of referenced
   * pending transfers, unknown before those are read, come in a second one, whose locks may then
   * be taken out of global order — Postgres detects such a deadlock and the storage retries the
   * command. Ids that are not well-formed `acc_` TypeIDs are skipped.
   */
  async loadAccounts(tx: StorageTransaction, ids: Iterable<string>): Promise<void> {
    const wanted = sortedNew(parsedIds('acc', ids), this.#accounts);
    if (wanted.length === 0) return;
    const records = await tx.records.getMany(LEDGER_COLLECTIONS.accounts, wanted, { lock: true });
    for (const [position, id] of wanted.entries()) {
      const record = records[position];
      const account = record === undefined ? undefined : readAccountRecord(record.data);
      assert(account === undefined || account.id === id, 'an account is stored under its own id');
      this.#accounts.set(id, { account, version: record?.version ?? 0 });
    }
  }
}

function pendingStatusOf(movement: StoredMovement | undefined): string | undefined {
  if (movement === undefined) return undefined;
  return movement.kind === 'transfer'
    ? movement.transfer.pendingStatus
    : movement.journal.pendingStatus;
}

function idOf(movement: StoredMovement): string {
  return movement.kind === 'transfer' ? movement.transfer.id : movement.journal.id;
}

// The canonical form of every id that parses with the prefix; others cannot exist in the store.
function parsedIds<Prefix extends string>(prefix: Prefix, ids: Iterable<string>): Id<Prefix>[] {
  const parsed: Id<Prefix>[] = [];
  for (const id of ids) {
    const result = parseId(prefix, id);
    if (result.isOk()) parsed.push(result.value);
  }
  return parsed;
}

function sortedNew(ids: readonly string[], known: ReadonlyMap<string, unknown>): string[] {
  return [...new Set(ids)].filter((id) => !known.has(id)).sort(compareIds);
}

/** Ascending code-unit order, the order every adapter lists ids in. */
export function compareIds(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
