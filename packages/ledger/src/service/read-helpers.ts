import {
  err,
  type Id,
  ok,
  PAGE_LIMIT_MAX,
  parseId,
  type Result,
  type StorageTransaction,
  type StoredRecord,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import { readAccountRecord } from '../store/account-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import type { AccountNotFoundError } from './ledger-error.js';

/** Most ids one lookup or aggregate takes (one storage page). */
export const LEDGER_LOOKUP_MAX = PAGE_LIMIT_MAX;

/** Parses a list of ids of one kind, naming the first bad one by position. */
export function parseIds<Prefix extends string>(
  prefix: Prefix,
  ids: readonly unknown[],
): Result<Id<Prefix>[], ValidationError> {
  if (!Array.isArray(ids)) return err(validationError('ids', 'not_an_array'));
  if (ids.length > LEDGER_LOOKUP_MAX) return err(validationError('ids', 'too_many'));
  const parsed: Id<Prefix>[] = [];
  for (const [position, id] of ids.entries()) {
    const result = parseId(prefix, id);
    if (result.isErr()) return err(validationError(`ids[${position}]`, result.error.reason));
    parsed.push(result.value);
  }
  return ok(parsed);
}

/** Parses one account id. */
export function parseAccountId(accountId: unknown): Result<Id<'acc'>, ValidationError> {
  const parsed = parseId('acc', accountId);
  return parsed.isErr() ? err(validationError('accountId', parsed.error.reason)) : ok(parsed.value);
}

/** The account a record holds, or the typed not-found error when there is none. */
export function accountFrom(
  record: StoredRecord | undefined,
  accountId: Id<'acc'>,
): Result<Account, AccountNotFoundError> {
  if (record === undefined) return err({ type: 'ledger.account_not_found', accountId });
  return ok(readAccountRecord(record.data));
}

/** Reads one account inside a transaction, or the typed not-found error. */
export async function readAccount(
  tx: StorageTransaction,
  accountId: Id<'acc'>,
): Promise<Result<Account, AccountNotFoundError>> {
  return accountFrom(await tx.records.get(LEDGER_COLLECTIONS.accounts, accountId), accountId);
}
