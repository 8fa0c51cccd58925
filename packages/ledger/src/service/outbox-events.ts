import type { EventEnvelope, IdGenerator, JsonObject, TenantId } from '@strongroom/kernel';
import type { AccountResult } from '../engine/account-result.js';
import type { AccountBalances } from '../engine/transfer-result.js';
import type { Account } from '../model/account.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import { balancesData } from '../store/balances-record.js';
import { bigintField, dateField } from '../store/record-fields.js';

/** The outbox event types of the ledger; payload amounts and stamps are decimal strings. */
export const LEDGER_EVENT_TYPES = {
  accountCreated: 'ledger.account.created',
  transferCreated: 'ledger.transfer.created',
  transferPosted: 'ledger.transfer.posted',
  transferVoided: 'ledger.transfer.voided',
  transferExpired: 'ledger.transfer.expired',
  journalCreated: 'ledger.journal.created',
  journalPosted: 'ledger.journal.posted',
  journalVoided: 'ledger.journal.voided',
  journalExpired: 'ledger.journal.expired',
} as const;

/** One of {@link LEDGER_EVENT_TYPES}. */
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[keyof typeof LEDGER_EVENT_TYPES];

/** What every event of one command shares. */
export interface EventSource {
  readonly tenantId: TenantId;
  readonly ids: IdGenerator;
  readonly occurredAt: Date;
  readonly correlationId: string | null;
  /** The command that caused the events (its audit leaf names it too). */
  readonly causationId: string;
}

function envelope(source: EventSource, type: LedgerEventType, payload: JsonObject): EventEnvelope {
  return {
    id: source.ids.next('evt'),
    tenantId: source.tenantId,
    type,
    schemaVersion: 1,
    payload,
    occurredAt: source.occurredAt,
    correlationId: source.correlationId,
    causationId: source.causationId,
  };
}

function balancesPayload(accounts: readonly AccountBalances[]): JsonObject[] {
  return accounts.map((account) => ({
    accountId: account.accountId,
    balances: balancesData(account.balances),
  }));
}

/** The payload describing a transfer, amounts and stamps as strings. */
export function transferPayload(
  transfer: Transfer,
  accounts: readonly AccountBalances[],
): JsonObject {
  return {
    transferId: transfer.id,
    debitAccountId: transfer.debitAccountId,
    creditAccountId: transfer.creditAccountId,
    amountMinor: bigintField(transfer.amountMinor),
    currency: transfer.currency,
    code: transfer.code,
    flags: { ...transfer.flags },
    pendingId: transfer.pendingId,
    pendingStatus: transfer.pendingStatus,
    expiresAt: dateField(transfer.expiresAt),
    effectiveAt: transfer.effectiveAt.toISOString(),
    insertedAt: transfer.insertedAt.toISOString(),
    timestamp: bigintField(transfer.timestamp),
    metadata: transfer.metadata,
    accounts: balancesPayload(accounts),
  };
}

/** The payload describing a journal entry, amounts and stamps as strings. */
export function journalPayload(
  journal: JournalEntry,
  accounts: readonly AccountBalances[],
): JsonObject {
  return {
    transferId: journal.id,
    postings: journal.postings.map((posting) => ({
      accountId: posting.accountId,
      side: posting.side,
      amountMinor: bigintField(posting.amountMinor),
    })),
    code: journal.code,
    flags: { ...journal.flags },
    pendingId: journal.pendingId,
    pendingStatus: journal.pendingStatus,
    expiresAt: dateField(journal.expiresAt),
    effectiveAt: journal.effectiveAt.toISOString(),
    insertedAt: journal.insertedAt.toISOString(),
    timestamp: bigintField(journal.timestamp),
    metadata: journal.metadata,
    accounts: balancesPayload(accounts),
  };
}

/** The event of a created transfer: `.posted` / `.voided` when it resolves a pending one. */
export function transferEvent(
  source: EventSource,
  transfer: Transfer,
  accounts: readonly AccountBalances[],
): EventEnvelope {
  const type = transfer.flags.postPending
    ? LEDGER_EVENT_TYPES.transferPosted
    : transfer.flags.voidPending
      ? LEDGER_EVENT_TYPES.transferVoided
      : LEDGER_EVENT_TYPES.transferCreated;
  return envelope(source, type, transferPayload(transfer, accounts));
}

/** The event of a created journal entry: `.posted` / `.voided` when it resolves a pending one. */
export function journalEvent(
  source: EventSource,
  journal: JournalEntry,
  accounts: readonly AccountBalances[],
): EventEnvelope {
  const type = journal.flags.postPending
    ? LEDGER_EVENT_TYPES.journalPosted
    : journal.flags.voidPending
      ? LEDGER_EVENT_TYPES.journalVoided
      : LEDGER_EVENT_TYPES.journalCreated;
  return envelope(source, type, journalPayload(journal, accounts));
}

/** The event of a pending transfer or journal entry released by its timeout. */
export function expiredEvent(
  source: EventSource,
  movement: Transfer | JournalEntry,
  accounts: readonly AccountBalances[],
): EventEnvelope {
  return 'debitAccountId' in movement
    ? envelope(source, LEDGER_EVENT_TYPES.transferExpired, transferPayload(movement, accounts))
    : envelope(source, LEDGER_EVENT_TYPES.journalExpired, journalPayload(movement, accounts));
}

/** The event of a created account. */
export function accountCreatedEvent(source: EventSource, account: Account): EventEnvelope {
  return envelope(source, LEDGER_EVENT_TYPES.accountCreated, {
    accountId: account.id,
    currency: account.currency,
    code: account.code,
    name: account.name,
    type: account.type,
    owner: account.owner === null ? null : { ...account.owner },
    flags: { ...account.flags },
    limits: {
      floorMinor:
        account.limits.floorMinor === null ? null : bigintField(account.limits.floorMinor),
      ceilingMinor:
        account.limits.ceilingMinor === null ? null : bigintField(account.limits.ceilingMinor),
    },
    status: account.status,
    createdAt: account.createdAt.toISOString(),
    timestamp: bigintField(account.timestamp),
    metadata: account.metadata,
  });
}

/** The events of an account-creation execution: one per created account. */
export function accountEvents(
  source: EventSource,
  results: readonly AccountResult[],
): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (const result of results) {
    if (result.status === 'created' && result.account !== null) {
      events.push(accountCreatedEvent(source, result.account));
    }
  }
  return events;
}
