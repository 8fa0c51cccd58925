import type { AccountResult } from '../../src/engine/account-result.js';
import { executeAccountCreations } from '../../src/engine/execute-account-creations.js';
import { executeEvents } from '../../src/engine/execute-events.js';
import {
  type ExpiryResult,
  expirePendingTransfers,
} from '../../src/engine/expire-pending-transfers.js';
import type { LedgerChanges } from '../../src/engine/ledger-changes.js';
import { type LedgerEvent, transferEvent } from '../../src/engine/ledger-event.js';
import type { FailedEvent, LedgerStateReader } from '../../src/engine/ledger-state.js';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { Account } from '../../src/model/account.js';
import type { Balances } from '../../src/model/balances.js';
import type { JournalEntry } from '../../src/model/journal-entry.js';
import type { AccountInput, TransferInput } from '../../src/model/ledger-input.js';
import type { Transfer } from '../../src/model/transfer.js';

/** The execution time of the tests. */
export const NOW = new Date('2026-03-01T12:00:00.000Z');

/** A deterministic, valid account TypeID. */
export function accId(n: number): string {
  return `acc_${String(n).padStart(26, '0')}`;
}

/** A deterministic, valid transfer TypeID. */
export function trfId(n: number): string {
  return `trf_${String(n).padStart(26, '0')}`;
}

/** A state in maps that applies change sets as the service would. */
export class MemoryLedgerState implements LedgerStateReader {
  readonly accounts = new Map<string, Account>();
  readonly transfers = new Map<string, Transfer>();
  readonly journals = new Map<string, JournalEntry>();
  readonly failed = new Map<string, FailedEvent>();

  account(id: string): Account | undefined {
    return this.accounts.get(id);
  }
  transfer(id: string): Transfer | undefined {
    return this.transfers.get(id);
  }
  journal(id: string): JournalEntry | undefined {
    return this.journals.get(id);
  }
  failedId(id: string): FailedEvent | undefined {
    return this.failed.get(id);
  }

  apply(changes: LedgerChanges): void {
    for (const [id, account] of changes.accounts) this.accounts.set(id, account);
    for (const transfer of [...changes.transfers, ...changes.updatedTransfers])
      this.transfers.set(transfer.id, transfer);
    for (const journal of [...changes.journals, ...changes.updatedJournals])
      this.journals.set(journal.id, journal);
    for (const failed of changes.failedIds) this.failed.set(failed.id, failed);
  }

  /** Puts an account straight into the state (for balances no sequence of events can reach). */
  putAccount(account: Account): void {
    this.accounts.set(account.id, account);
  }
}

/** An account input with defaults: a USD liability (a customer wallet) with code 1. */
export function accountInput(n: number, overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    id: accId(n),
    currency: 'USD',
    code: 1,
    name: `account ${n}`,
    type: 'liability',
    ...overrides,
  };
}

/** A transfer input with defaults: USD, code 1. */
export function transferInput(
  n: number,
  debit: number,
  credit: number,
  amountMinor: bigint,
  overrides: Partial<TransferInput> = {},
): TransferInput {
  return {
    id: trfId(n),
    debitAccountId: accId(debit),
    creditAccountId: accId(credit),
    amountMinor,
    currency: 'USD',
    code: 1,
    ...overrides,
  };
}

/** Runs executions one after another against a memory state, with increasing stamps. */
export class LedgerHarness {
  readonly state = new MemoryLedgerState();
  private nextStamp = 1n;
  now: Date = NOW;
  lastChanges: LedgerChanges | null = null;

  createAccounts(...inputs: AccountInput[]): AccountResult[] {
    const outcome = executeAccountCreations(this.state, inputs, this.context(inputs.length));
    for (const account of outcome.accounts) this.state.putAccount(account);
    return outcome.results;
  }

  run(events: readonly LedgerEvent[], now: Date = this.now): TransferResult[] {
    const outcome = executeEvents(this.state, events, this.context(events.length, now));
    this.state.apply(outcome.changes);
    this.lastChanges = outcome.changes;
    return outcome.results;
  }

  transfers(...inputs: TransferInput[]): TransferResult[] {
    return this.run(inputs.map(transferEvent));
  }

  statuses(...inputs: TransferInput[]): string[] {
    return this.transfers(...inputs).map((result) => result.status);
  }

  expire(ids: readonly string[], now: Date = this.now): ExpiryResult[] {
    const outcome = expirePendingTransfers(this.state, ids, this.context(ids.length, now));
    this.state.apply(outcome.changes);
    this.lastChanges = outcome.changes;
    return outcome.results;
  }

  balances(n: number): Balances {
    const account = this.state.account(accId(n));
    if (account === undefined) throw new Error(`no account ${n}`);
    return account.balances;
  }

  accountState(n: number): Account {
    const account = this.state.account(accId(n));
    if (account === undefined) throw new Error(`no account ${n}`);
    return account;
  }

  private context(count: number, now: Date = this.now): { now: Date; firstTimestamp: bigint } {
    const firstTimestamp = this.nextStamp;
    this.nextStamp += BigInt(Math.max(count, 1));
    return { now, firstTimestamp };
  }
}

/** Balances literal helper: `[debitsPending, debitsPosted, creditsPending, creditsPosted]`. */
export function balances(
  debitsPending: bigint,
  debitsPosted: bigint,
  creditsPending: bigint,
  creditsPosted: bigint,
): Balances {
  return { debitsPending, debitsPosted, creditsPending, creditsPosted };
}

/** A harness with `count` open USD wallets (liabilities) plus a funding asset account 0. */
export function fundedHarness(count: number, funding: readonly bigint[] = []): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    ...Array.from({ length: count }, (_, index) => accountInput(index + 1)),
  );
  funding.forEach((amount, index) => {
    if (amount > 0n) harness.transfers(transferInput(900_000 + index, 0, index + 1, amount));
  });
  return harness;
}
