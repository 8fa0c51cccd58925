import { AUDIT_COLLECTIONS, type AuditEntry } from '@strongroom/audit';
import {
  type EventEnvelope,
  type Id,
  ok,
  type StoredRecord,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import type {
  Account,
  AccountInput,
  Balances,
  JournalInput,
  LedgerEvent,
  StatementLine,
  TransferInput,
  TransferResult,
} from '@strongroom/ledger';
import type { SuiteLedger } from './suite-ledger.js';

/** A fresh account id. */
export function newAccountId(): Id<'acc'> {
  return typeIdGenerator.next('acc');
}

/** A fresh transfer (or journal entry) id. */
export function newTransferId(): Id<'trf'> {
  return typeIdGenerator.next('trf');
}

/** An account input: a USD customer wallet unless overridden. */
export function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    id: newAccountId(),
    currency: 'USD',
    code: 1,
    name: 'Wallet',
    type: 'liability',
    ...overrides,
  };
}

/**
 * A transfer event with a fresh id, in USD with code 1 unless overridden. A post or void gets no
 * defaults: it inherits currency and code from the pending transfer.
 */
export function transferEvent(input: Partial<TransferInput>): LedgerEvent {
  const resolves = input.flags?.postPending === true || input.flags?.voidPending === true;
  const defaults = resolves ? {} : { currency: 'USD', code: 1 };
  return { kind: 'transfer', transfer: { id: newTransferId(), ...defaults, ...input } };
}

/** A journal entry event with a fresh id and code 1 unless overridden. */
export function journalEvent(input: Partial<JournalInput>): LedgerEvent {
  return { kind: 'journal', journal: { id: newTransferId(), code: 1, ...input } };
}

/** The id an event was sent with. */
export function eventId(event: LedgerEvent): string {
  return event.kind === 'transfer' ? event.transfer.id : event.journal.id;
}

/** Creates accounts and returns their ids; throws unless every one is `created`. */
export async function openAccounts(
  books: SuiteLedger,
  inputs: readonly Partial<AccountInput>[],
): Promise<Id<'acc'>[]> {
  const accounts = inputs.map((input) => accountInput(input));
  const results = unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, accounts));
  for (const result of results) {
    if (result.status !== 'created') throw new Error(`account not created: ${result.status}`);
  }
  return accounts.map((account) => account.id as Id<'acc'>);
}

/** Runs events through the batch API; throws on a command-level error. */
export async function submit(
  books: SuiteLedger,
  events: readonly LedgerEvent[],
): Promise<TransferResult[]> {
  return unwrapOrThrow(await books.ledger.createTransfers(books.tenantId, events));
}

/** Runs one event through the batch API and returns its result. */
export async function submitOne(books: SuiteLedger, event: LedgerEvent): Promise<TransferResult> {
  const [result] = await submit(books, [event]);
  if (result === undefined) throw new Error('one event gives one result');
  return result;
}

/** Moves `amountMinor` USD from one account to another; throws unless `created`. */
export async function move(
  books: SuiteLedger,
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
  extra: Partial<TransferInput> = {},
): Promise<TransferResult> {
  const result = await submitOne(
    books,
    transferEvent({ debitAccountId, creditAccountId, amountMinor, ...extra }),
  );
  if (result.status !== 'created') throw new Error(`transfer not created: ${result.status}`);
  return result;
}

/** Accounts by id, in order; throws if one is missing. */
export async function accountsOf(books: SuiteLedger, ids: readonly string[]): Promise<Account[]> {
  const found = unwrapOrThrow(await books.ledger.lookupAccounts(books.tenantId, ids));
  return found.map((account, index) => {
    if (account === null) throw new Error(`account ${ids[index]} not found`);
    return account;
  });
}

/** Current balances of one account. */
export async function balancesOf(books: SuiteLedger, id: string): Promise<Balances> {
  const [account] = await accountsOf(books, [id]);
  if (account === undefined) throw new Error('one account was asked for');
  return account.balances;
}

/** Every statement line of an account, all pages. */
export async function fullStatement(books: SuiteLedger, id: string): Promise<StatementLine[]> {
  const lines: StatementLine[] = [];
  let after: string | undefined;
  // Bounded: suite accounts have far fewer than 100 pages of lines.
  for (let page = 0; page < 100; page += 1) {
    const read = unwrapOrThrow(
      await books.ledger.statement(books.tenantId, id, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      }),
    );
    lines.push(...read.items);
    if (read.next === null) return lines;
    after = read.next;
  }
  throw new Error('statement longer than 100 pages');
}

async function listAll(books: SuiteLedger, collection: string): Promise<StoredRecord[]> {
  return unwrapOrThrow(
    await books.storage.transaction(books.tenantId, async (tx) => {
      const records: StoredRecord[] = [];
      let page = await tx.records.list(collection, { limit: 1000 });
      records.push(...page.items);
      while (page.next !== null) {
        page = await tx.records.list(collection, { limit: 1000, after: page.next });
        records.push(...page.items);
      }
      return ok(records);
    }),
  );
}

/** The tenant's outbox events, in id order, read through the storage port. */
export async function outboxEvents(books: SuiteLedger): Promise<EventEnvelope[]> {
  return unwrapOrThrow(
    await books.storage.transaction(books.tenantId, async (tx) => {
      const events: EventEnvelope[] = [];
      let page = await tx.outbox.list({ limit: 1000 });
      events.push(...page.items);
      while (page.next !== null) {
        page = await tx.outbox.list({ limit: 1000, after: page.next });
        events.push(...page.items);
      }
      return ok(events);
    }),
  );
}

/** The tenant's audit leaves, sequenced or not (the suite never runs the sequencer itself). */
export async function auditLeaves(books: SuiteLedger): Promise<AuditEntry[]> {
  const records = [
    ...(await listAll(books, AUDIT_COLLECTIONS.pending)),
    ...(await listAll(books, AUDIT_COLLECTIONS.entries)),
  ];
  return records.map((record) => JSON.parse(String(record.data['leaf'])) as AuditEntry);
}

/** What a refused command must leave as it was: balances and statements of the accounts. */
export interface BooksSnapshot {
  readonly balances: readonly Balances[];
  readonly statements: readonly (readonly StatementLine[])[];
  readonly outbox: number;
  readonly leaves: number;
}

/** Balances and statements of `accountIds`, and the sizes of the outbox and the audit log. */
export async function snapshotBooks(
  books: SuiteLedger,
  accountIds: readonly string[],
): Promise<BooksSnapshot> {
  const accounts = await accountsOf(books, accountIds);
  const statements: StatementLine[][] = [];
  for (const id of accountIds) statements.push(await fullStatement(books, id));
  return {
    balances: accounts.map((account) => account.balances),
    statements,
    outbox: (await outboxEvents(books)).length,
    leaves: (await auditLeaves(books)).length,
  };
}

/** The accounts most cases use, one per kind of limit, in USD unless named otherwise. */
export interface StandardAccounts {
  /** Asset without limits: where money comes from. */
  readonly bank: Id<'acc'>;
  /** Liability that cannot go negative (`debitsMustNotExceedCredits`). */
  readonly wallet: Id<'acc'>;
  /** Liability without limits. */
  readonly merchant: Id<'acc'>;
  /** Liability with an overdraft: floor -500. */
  readonly overdraft: Id<'acc'>;
  /** Liability holding at most 1000: ceiling 1000. */
  readonly capped: Id<'acc'>;
  /** Asset whose credits must not exceed its debits (`creditsMustNotExceedDebits`). */
  readonly receivable: Id<'acc'>;
  /** EUR asset without limits. */
  readonly euroBank: Id<'acc'>;
  /** EUR liability that cannot go negative. */
  readonly euroWallet: Id<'acc'>;
}

/** Opens the {@link StandardAccounts} in one command. */
export async function openStandardAccounts(books: SuiteLedger): Promise<StandardAccounts> {
  const [bank, wallet, merchant, overdraft, capped, receivable, euroBank, euroWallet] =
    await openAccounts(books, [
      { type: 'asset', name: 'Bank' },
      { name: 'Wallet', flags: { debitsMustNotExceedCredits: true } },
      { name: 'Merchant' },
      { name: 'Overdraft', limits: { floorMinor: -500n } },
      { name: 'Capped', limits: { ceilingMinor: 1000n } },
      { type: 'asset', name: 'Receivable', flags: { creditsMustNotExceedDebits: true } },
      { type: 'asset', name: 'Euro bank', currency: 'EUR' },
      { name: 'Euro wallet', currency: 'EUR', flags: { debitsMustNotExceedCredits: true } },
    ]);
  if (
    bank === undefined ||
    wallet === undefined ||
    merchant === undefined ||
    overdraft === undefined ||
    capped === undefined ||
    receivable === undefined ||
    euroBank === undefined ||
    euroWallet === undefined
  ) {
    throw new Error('eight accounts were asked for');
  }
  return { bank, wallet, merchant, overdraft, capped, receivable, euroBank, euroWallet };
}

/** Every id of the standard accounts, for snapshots. */
export function standardIds(accounts: StandardAccounts): string[] {
  return Object.values(accounts);
}
