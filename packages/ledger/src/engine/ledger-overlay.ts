import { assert } from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import type { AccountEntry } from './ledger-changes.js';
import type { FailedEvent, LedgerStateReader } from './ledger-state.js';

/**
 * A copy-on-write scope over a state: reads fall through to the parent, writes stay here until
 * `mergeInto` publishes them. The execution's root scope collects the whole change set; a linked
 * chain runs in a child scope that is merged on success and simply dropped on failure.
 */
export class LedgerOverlay implements LedgerStateReader {
  private readonly accounts = new Map<string, Account>();
  private readonly transfers = new Map<string, Transfer>();
  private readonly journals = new Map<string, JournalEntry>();
  private readonly failed = new Map<string, FailedEvent>();
  // Ids created in this scope, in commit order (transfers and journal entries share them).
  private readonly created: string[] = [];
  private readonly entryList: AccountEntry[] = [];

  /** Opens a scope over `parent`. */
  constructor(private readonly parent: LedgerStateReader) {}

  /** See {@link LedgerStateReader.account}. */
  account(id: string): Account | undefined {
    return this.accounts.get(id) ?? this.parent.account(id);
  }

  /** See {@link LedgerStateReader.transfer}. */
  transfer(id: string): Transfer | undefined {
    return this.transfers.get(id) ?? this.parent.transfer(id);
  }

  /** See {@link LedgerStateReader.journal}. */
  journal(id: string): JournalEntry | undefined {
    return this.journals.get(id) ?? this.parent.journal(id);
  }

  /** See {@link LedgerStateReader.failedId}. */
  failedId(id: string): FailedEvent | undefined {
    return this.failed.get(id) ?? this.parent.failedId(id);
  }

  /** Records the new state of an account. */
  putAccount(account: Account): void {
    this.accounts.set(account.id, account);
  }

  /** Records a new transfer. */
  createTransfer(transfer: Transfer): void {
    assert(this.transfer(transfer.id) === undefined, 'a transfer id is created once');
    assert(this.journal(transfer.id) === undefined, 'transfers and journals share ids');
    this.transfers.set(transfer.id, transfer);
    this.created.push(transfer.id);
  }

  /** Records the new state of an existing transfer (a pending one resolved). */
  updateTransfer(transfer: Transfer): void {
    assert(this.transfer(transfer.id) !== undefined, 'only an existing transfer is updated');
    this.transfers.set(transfer.id, transfer);
  }

  /** Records a new journal entry. */
  createJournal(journal: JournalEntry): void {
    assert(this.journal(journal.id) === undefined, 'a journal id is created once');
    assert(this.transfer(journal.id) === undefined, 'transfers and journals share ids');
    this.journals.set(journal.id, journal);
    this.created.push(journal.id);
  }

  /** Records the new state of an existing journal entry. */
  updateJournal(journal: JournalEntry): void {
    assert(this.journal(journal.id) !== undefined, 'only an existing journal entry is updated');
    this.journals.set(journal.id, journal);
  }

  /** Burns an id after a transient failure. */
  burn(failed: FailedEvent): void {
    assert(this.failedId(failed.id) === undefined, 'an id is burned once');
    this.failed.set(failed.id, failed);
  }

  /** Appends a statement line. */
  addEntry(entry: AccountEntry): void {
    this.entryList.push(entry);
  }

  /** Publishes every write of this scope into `target` (its parent). */
  mergeInto(target: LedgerOverlay): void {
    assert(target === this.parent, 'a scope merges into its parent');
    for (const account of this.accounts.values()) target.accounts.set(account.id, account);
    for (const transfer of this.transfers.values()) target.transfers.set(transfer.id, transfer);
    for (const journal of this.journals.values()) target.journals.set(journal.id, journal);
    for (const failed of this.failed.values()) target.failed.set(failed.id, failed);
    target.created.push(...this.created);
    target.entryList.push(...this.entryList);
  }

  /** The accounts written in this scope, by id. */
  writtenAccounts(): ReadonlyMap<string, Account> {
    return this.accounts;
  }

  /** Transfers written in this scope: created ones (commit order) and updated pre-existing ones. */
  writtenTransfers(): { created: Transfer[]; updated: Transfer[] } {
    return splitWritten(this.transfers, this.created);
  }

  /** Journal entries written in this scope, as for transfers. */
  writtenJournals(): { created: JournalEntry[]; updated: JournalEntry[] } {
    return splitWritten(this.journals, this.created);
  }

  /** Ids burned in this scope. */
  burnedIds(): FailedEvent[] {
    return [...this.failed.values()];
  }

  /** Statement lines of this scope, in commit order. */
  entries(): readonly AccountEntry[] {
    return this.entryList;
  }
}

function splitWritten<Record extends { readonly id: string }>(
  written: ReadonlyMap<string, Record>,
  createdIds: readonly string[],
): { created: Record[]; updated: Record[] } {
  const createdSet = new Set(createdIds);
  const created: Record[] = [];
  for (const id of createdIds) {
    const record = written.get(id);
    if (record !== undefined) created.push(record);
  }
  const updated = [...written.values()].filter((record) => !createdSet.has(record.id));
  return { created, updated };
}
