import { assert } from '@strongroom/kernel';
import type { Account } from '../model/account.js';
import type { AccountFailureStatus } from '../model/account-status.js';
import { ZERO_BALANCES } from '../model/balances.js';
import type { AccountInput } from '../model/ledger-input.js';
import { LEDGER_BATCH_EVENTS_MAX } from '../model/ledger-limits.js';
import { canonicalMetadata, checkMetadata } from '../model/metadata.js';
import {
  type AccountShape,
  checkAccountShape,
  readLimits,
  readOwner,
  validateAccount,
} from '../model/parse-account.js';
import type { AccountResult } from './account-result.js';
import { accountInvariantViolations } from './balance-arithmetic.js';
import type { ExecutionContext } from './execution-context.js';
import type { LedgerStateReader } from './ledger-state.js';
import { runLinkedBatch } from './linked-chains.js';

/** What an account-creation batch returns. */
export interface AccountCreationOutcome {
  /** One per input, same order. */
  readonly results: AccountResult[];
  /** The accounts to insert, in commit order. */
  readonly accounts: Account[];
}

/** The state account creation reads: only accounts. */
export type AccountStateReader = Pick<LedgerStateReader, 'account'>;

class AccountScope implements AccountStateReader {
  readonly created = new Map<string, Account>();
  constructor(private readonly parent: AccountStateReader) {}
  account(id: string): Account | undefined {
    return this.created.get(id) ?? this.parent.account(id);
  }
}

/**
 * Compares a retried creation with the stored account, in `ACCOUNT_STATUS_PRECEDENCE` order.
 * Balances are not compared: they change after creation. The `closed` flag is compared with the
 * account's state now, as TigerBeetle compares its flags (where `closed` is one), so a retry
 * after a closing transfer answers `exists_with_different_flags`.
 */
function compareAccount(shape: AccountShape, stored: Account): AccountFailureStatus {
  const { fields, flags } = shape;
  if (
    flags.debitsMustNotExceedCredits !== stored.flags.debitsMustNotExceedCredits ||
    flags.creditsMustNotExceedDebits !== stored.flags.creditsMustNotExceedDebits ||
    flags.closed !== (stored.status === 'closed')
  ) {
    return 'exists_with_different_flags';
  }
  const limits = readLimits(fields['limits']);
  if (
    limits === null ||
    limits.floorMinor !== stored.limits.floorMinor ||
    limits.ceilingMinor !== stored.limits.ceilingMinor
  ) {
    return 'exists_with_different_limits';
  }
  if (fields['type'] !== stored.type) return 'exists_with_different_type';
  if (fields['name'] !== stored.name) return 'exists_with_different_name';
  const owner = readOwner(fields['owner']);
  if (
    owner === undefined ||
    (owner === null) !== (stored.owner === null) ||
    (owner !== null && (owner.type !== stored.owner?.type || owner.id !== stored.owner.id))
  ) {
    return 'exists_with_different_owner';
  }
  const metadata =
    fields['metadata'] === undefined
      ? { ok: true as const, canonical: '{}' }
      : checkMetadata(fields['metadata']);
  if (!metadata.ok || metadata.canonical !== canonicalMetadata(stored.metadata))
    return 'exists_with_different_metadata';
  if (fields['currency'] !== stored.currency) return 'exists_with_different_currency';
  if (fields['code'] !== stored.code) return 'exists_with_different_code';
  return 'exists';
}

function accountResult(
  id: string,
  status: AccountResult['status'],
  timestamp: bigint,
  account: Account | null,
): AccountResult {
  return { id, status, timestamp, account };
}

function rawAccountId(input: unknown): string {
  try {
    const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : '';
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

function isLinked(input: unknown): boolean {
  try {
    if (typeof input !== 'object' || input === null) return false;
    const flags = (input as { flags?: unknown }).flags;
    return (
      typeof flags === 'object' && flags !== null && (flags as { linked?: unknown }).linked === true
    );
  } catch {
    return false;
  }
}

/**
 * Creates accounts, TigerBeetle style: one result per input, checked in
 * `ACCOUNT_STATUS_PRECEDENCE` order (shape, idempotency, validation), linked chains
 * all-or-nothing. A new account is open (closed when `flags.closed` asks), with zero balances
 * and no entries. Account failures are never transient, so no id is burned. Pure: `context`
 * supplies time and stamps.
 */
export function executeAccountCreations(
  state: AccountStateReader,
  inputs: readonly AccountInput[],
  context: ExecutionContext,
): AccountCreationOutcome {
  assert(inputs.length <= LEDGER_BATCH_EVENTS_MAX, 'a batch holds at most LEDGER_BATCH_EVENTS_MAX');
  assert(context.firstTimestamp > 0n, 'timestamps are positive');
  const root = new AccountScope(state);
  const order: string[] = [];
  const now = new Date(context.now.getTime());
  const stampOf = (index: number): bigint => context.firstTimestamp + BigInt(index);

  const results = runLinkedBatch<AccountScope, AccountResult>(inputs.length, root, {
    isLinked: (index) => isLinked(inputs[index]),
    openScope: () => new AccountScope(root),
    commitScope: (scope) => {
      for (const account of scope.created.values()) root.created.set(account.id, account);
    },
    execute: (index, scope) => {
      const timestamp = stampOf(index);
      const shape = checkAccountShape(inputs[index]);
      if (!shape.ok) return accountResult(shape.id, shape.status, timestamp, null);
      const stored = scope.account(shape.id);
      if (stored !== undefined) {
        const status = compareAccount(shape, stored);
        return status === 'exists'
          ? accountResult(shape.id, status, stored.timestamp, stored)
          : accountResult(shape.id, status, timestamp, null);
      }
      const parsed = validateAccount(shape);
      if (parsed.isErr()) return accountResult(shape.id, parsed.error, timestamp, null);
      const { linked: _linked, closed, ...fields } = parsed.value;
      const account: Account = {
        ...fields,
        status: closed ? 'closed' : 'open',
        balances: ZERO_BALANCES,
        entryCount: 0,
        createdAt: now,
        timestamp,
      };
      assert(accountInvariantViolations(account).length === 0, 'a new account is within limits');
      scope.created.set(account.id, account);
      return accountResult(account.id, 'created', timestamp, account);
    },
    succeeded: (result) => result.status === 'created' || result.status === 'exists',
    chainFailure: (index, status) =>
      accountResult(rawAccountId(inputs[index]), status, stampOf(index), null),
  });

  for (const result of results) {
    if (result.status === 'created' && result.account !== null) order.push(result.account.id);
  }
  const accounts = order.map((id) => {
    const account = root.created.get(id);
    assert(account !== undefined, 'a created account is in the root scope');
    return account;
  });
  return { results, accounts };
}
