import {
  assert,
  type Cursor,
  decodeCursor,
  encodeCursor,
  err,
  type Id,
  ok,
  parsePageRequest,
  type Result,
  type StorageTransaction,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { AccountEntry } from '../engine/ledger-changes.js';
import type { Account } from '../model/account.js';
import { ENTRY_SEQUENCE_MAX } from '../store/entry-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import { readTransferRecord, type StoredMovement } from '../store/transfer-record.js';
import { listAccountEntries } from './account-entries.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { AccountNotFoundError, LedgerQueryError } from './ledger-error.js';
import { type NetBalance, netBalance } from './net-balance.js';
import { parseAccountId, readAccount } from './read-helpers.js';

/** One page request over an account's history: `after` is the `next` of the previous page. */
export interface AccountPageOptions {
  /** 1..1000 lines; default 100. */
  readonly limit?: number;
  readonly after?: string;
}

/** One statement line with the account's running balance after it. */
export interface StatementLine extends NetBalance {
  readonly entry: AccountEntry;
}

/** A page of a statement or listing, oldest first; `next` is `null` on the last page. */
export interface LedgerPage<Item> {
  readonly items: readonly Item[];
  readonly next: Cursor | null;
}

interface AccountPageRequest {
  readonly accountId: Id<'acc'>;
  readonly limit: number;
  readonly afterSequence: number;
}

const SEQUENCE_PATTERN = /^[1-9]\d{0,11}$/;

// Statement cursors carry the last sequence shown, so they stay valid as long as the account.
function parseAccountPage(
  accountIdInput: string,
  options: AccountPageOptions,
): Result<AccountPageRequest, ValidationError> {
  const accountId = parseAccountId(accountIdInput);
  if (accountId.isErr()) return err(accountId.error);
  const page = parsePageRequest(options);
  if (page.isErr()) return err(page.error);
  const { limit, after } = page.value;
  if (after === undefined) return ok({ accountId: accountId.value, limit, afterSequence: 0 });
  const text = decodeCursor(after);
  if (!SEQUENCE_PATTERN.test(text) || Number(text) > ENTRY_SEQUENCE_MAX) {
    return err(validationError('after', 'bad_format'));
  }
  return ok({ accountId: accountId.value, limit, afterSequence: Number(text) });
}

async function readHistoryPage(
  tx: StorageTransaction,
  request: AccountPageRequest,
): Promise<
  Result<{ account: Account; entries: AccountEntry[]; next: Cursor | null }, AccountNotFoundError>
> {
  const found = await readAccount(tx, request.accountId);
  if (found.isErr()) return err(found.error);
  const account = found.value;
  const entries = await listAccountEntries(
    tx,
    account.id,
    request.afterSequence,
    account.entryCount,
    request.limit,
  );
  const last = entries.at(-1);
  const next =
    last !== undefined && last.sequence < account.entryCount
      ? encodeCursor(String(last.sequence))
      : null;
  return ok({ account, entries, next });
}

/**
 * An account's statement, oldest line first, with the running balance (posted and available, from
 * the account's normal side) after each line. Cursor pagination: pass `next` as `after`. One
 * listing per page; lines are immutable, so a page never changes once written.
 */
export async function statement(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  accountId: string,
  options: AccountPageOptions = {},
): Promise<Result<LedgerPage<StatementLine>, LedgerQueryError>> {
  const request = parseAccountPage(accountId, options);
  if (request.isErr()) return err(request.error);
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const page = await readHistoryPage(tx, request.value);
    if (page.isErr()) return err(page.error);
    const { account, entries, next } = page.value;
    const items = entries.map((entry) => ({
      entry,
      ...netBalance(account.type, entry.balancesAfter),
    }));
    return ok({ items, next });
  });
}

/**
 * The transfers and journal entries that moved an account, in the order they touched it, read
 * through its statement: a page covers up to `limit` statement lines, and a movement shows once
 * per page (a hold and its expiry, which share an id, may show on two pages).
 */
export async function transfersByAccount(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  accountId: string,
  options: AccountPageOptions = {},
): Promise<Result<LedgerPage<StoredMovement>, LedgerQueryError>> {
  const request = parseAccountPage(accountId, options);
  if (request.isErr()) return err(request.error);
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const page = await readHistoryPage(tx, request.value);
    if (page.isErr()) return err(page.error);
    const ids = [...new Set(page.value.entries.map((entry) => entry.transferId))];
    const records = await tx.records.getMany(LEDGER_COLLECTIONS.transfers, ids);
    const items = records.map((record) => {
      assert(record !== undefined, 'every statement line names a stored movement');
      return readTransferRecord(record.data);
    });
    return ok({ items, next: page.value.next });
  });
}
