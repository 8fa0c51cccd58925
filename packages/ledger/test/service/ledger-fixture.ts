import {
  AUDIT_COLLECTIONS,
  type AuditEntry,
  type AuditLog,
  createAuditLog,
} from '@strongroom/audit';
import {
  type EventEnvelope,
  err,
  FakeClock,
  type Id,
  type InfrastructureError,
  infrastructureError,
  ok,
  parseTenantId,
  type Storage,
  type StorageCapabilities,
  type StorageLimits,
  type StoredRecord,
  type TenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage, type MemoryStorageRow } from '@strongroom/memory';
import type { LedgerEvent } from '../../src/engine/ledger-event.js';
import type { AccountInput, TransferInput } from '../../src/model/ledger-input.js';
import { createLedger, type Ledger, type LedgerOptions } from '../../src/service/ledger.js';
import { isBurnedRecord } from '../../src/store/failed-id-record.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';

/** A parsed tenant id. */
export function tenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** A fresh account id. */
export function accountId(): Id<'acc'> {
  return typeIdGenerator.next('acc');
}

/** A fresh transfer id. */
export function transferId(): Id<'trf'> {
  return typeIdGenerator.next('trf');
}

/** The fault a counting storage reports for a transaction told to fail. */
export const INJECTED_FAULT: InfrastructureError = infrastructureError({
  retryable: true,
  operation: 'test.commit',
  message: 'injected commit failure',
});

/**
 * Wraps a storage to count the transactions it is asked to run and their attempts (a conflict
 * runs the function again); the transactions numbered in `failTransactions` roll back with
 * {@link INJECTED_FAULT}. `capabilities` replaces the inner storage's, to run as another adapter would.
 */
export function countingStorage(
  inner: Storage,
  capabilities: StorageCapabilities = inner.capabilities,
): Storage & {
  counts: { transactions: number; attempts: number };
  failTransactions: Set<number>;
} {
  const counts = { transactions: 0, attempts: 0 };
  const failTransactions = new Set<number>();
  const storage: Storage & { counts: typeof counts; failTransactions: Set<number> } = {
    name: inner.name,
    limits: inner.limits,
    capabilities,
    counts,
    failTransactions,
    transaction(tenantId, fn, options) {
      counts.transactions += 1;
      const number = counts.transactions;
      return inner.transaction(
        tenantId,
        async (tx) => {
          counts.attempts += 1;
          const result = await fn(tx);
          // Stands for a commit the database refused: the attempt rolls back with a fault.
          if (failTransactions.has(number)) return err(INJECTED_FAULT) as typeof result;
          return result;
        },
        options,
      );
    },
    close: () => inner.close(),
  };
  return storage;
}

/** Everything a ledger test needs. */
export interface LedgerHarness {
  readonly memory: Storage;
  readonly storage: ReturnType<typeof countingStorage>;
  readonly clock: FakeClock;
  readonly audit: AuditLog;
  readonly ledger: Ledger;
  readonly tenantId: TenantId;
}

/** Options of {@link createLedgerHarness}. */
export interface LedgerHarnessOptions {
  readonly limits?: Partial<StorageLimits>;
  readonly autoBatch?: LedgerOptions['autoBatch'];
  readonly maxAttempts?: number;
  /** Declares shared transactions, as Postgres does, on the memory storage (which does not). */
  readonly sharedTransactions?: boolean;
}

/** Memory storage (counted), a fake clock, a real audit log and the ledger. */
export function createLedgerHarness(options: LedgerHarnessOptions = {}): LedgerHarness {
  const clock = new FakeClock(new Date('2026-03-01T09:00:00.000Z'));
  const memory = createMemoryStorage({
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    retry: { maxAttempts: options.maxAttempts ?? 50, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const storage = countingStorage(memory, {
    ...memory.capabilities,
    ...(options.sharedTransactions === undefined
      ? {}
      : { sharedTransactions: options.sharedTransactions }),
  });
  const audit = createAuditLog({
    storage,
    clock,
    signing: { originPrefix: 'ledger.strongroom.test', masterSeeds: [new Uint8Array(32).fill(9)] },
  });
  const ledger = createLedger({
    storage,
    audit,
    clock,
    ...(options.autoBatch === undefined ? {} : { autoBatch: options.autoBatch }),
  });
  return { memory, storage, clock, audit, ledger, tenantId: tenant('acme') };
}

/** An account input with sensible defaults. */
export function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    id: accountId(),
    currency: 'USD',
    code: 1,
    name: 'Wallet',
    type: 'liability',
    ...overrides,
  };
}

/** A transfer event. */
export function transfer(input: Partial<TransferInput> & { id?: string }): LedgerEvent {
  return { kind: 'transfer', transfer: { id: transferId(), currency: 'USD', code: 1, ...input } };
}

/** Creates accounts and returns their ids, failing the test on any non-created result. */
export async function openAccounts(
  harness: LedgerHarness,
  inputs: readonly Partial<AccountInput>[],
): Promise<Id<'acc'>[]> {
  const accounts = inputs.map((input) => accountInput(input));
  const results = unwrapOrThrow(await harness.ledger.createAccounts(harness.tenantId, accounts));
  for (const result of results) {
    if (result.status !== 'created') throw new Error(`account not created: ${result.status}`);
  }
  return accounts.map((account) => account.id as Id<'acc'>);
}

/** Every record of a collection, read through the port. */
export async function listRecords(
  harness: LedgerHarness,
  collection: string,
  tenantId = harness.tenantId,
): Promise<StoredRecord[]> {
  return unwrapOrThrow(
    await harness.memory.transaction(tenantId, async (tx) => {
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

/** The stored transfers and journal entries (`ledger.transfers` records other than burned ids). */
export async function listMovementRecords(harness: LedgerHarness): Promise<StoredRecord[]> {
  const records = await listRecords(harness, LEDGER_COLLECTIONS.transfers);
  return records.filter((record) => !isBurnedRecord(record.data));
}

/** The burned ids' records, which share `ledger.transfers` with the movements. */
export async function listBurnedRecords(harness: LedgerHarness): Promise<StoredRecord[]> {
  const records = await listRecords(harness, LEDGER_COLLECTIONS.transfers);
  return records.filter((record) => isBurnedRecord(record.data));
}

/** The tenant's unsequenced audit leaves, parsed, in id order. */
export async function auditLeaves(harness: LedgerHarness): Promise<AuditEntry[]> {
  const pending = await listRecords(harness, AUDIT_COLLECTIONS.pending);
  return pending.map((record) => JSON.parse(String(record.data['leaf'])) as AuditEntry);
}

/** The tenant's outbox events, in id order. */
export async function outboxEvents(harness: LedgerHarness): Promise<EventEnvelope[]> {
  return unwrapOrThrow(
    await harness.memory.transaction(harness.tenantId, async (tx) => {
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

/** Every stored row of the harness's storage, to prove that a call wrote nothing. */
export function snapshot(harness: LedgerHarness): string {
  const rows: readonly MemoryStorageRow[] = dumpMemoryStorage(harness.memory);
  return JSON.stringify(
    [...rows].sort((left, right) =>
      `${left.kind}/${left.collection}/${left.id}` < `${right.kind}/${right.collection}/${right.id}`
        ? -1
        : 1,
    ),
  );
}
