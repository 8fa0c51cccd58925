import { createAuditLog } from '@strongroom/audit';
import { type Id, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import {
  type AccountInput,
  createLedger,
  type Ledger,
  type LedgerCommandError,
  type LedgerEvent,
  type StatementLine,
  TRANSIENT_TRANSFER_STATUSES,
  type TransferStatus,
} from '@strongroom/ledger';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTenantId } from '../src/fixtures.js';
import { accountInput, eventId, transferEvent } from '../src/ledger/ledger-fixtures.js';
import { limitViolations, unbalancedCurrencies } from '../src/ledger/money-invariants.js';
import { LEDGER_SUITE_SIGNING } from '../src/ledger/suite-ledger.js';
import { countingStorage } from '../src/storage/counting-storage.js';
import type { StorageUnderTest } from '../src/storage/storage-backend.js';
import { BACKENDS } from './backends.js';

// Eight workers, each with a ledger instance of its own over one storage, as eight processes of
// one deployment would be; half of them auto-batch their two concurrent calls.
const WORKERS = 8;
const LANES_PER_WORKER = 2;
// DynamoDB Local commits about 25 transactions a second on the test machine, whatever the
// concurrency: fewer transfers keep its file well under a minute.
const TRANSFERS_PER_PATTERN: Readonly<Record<string, number>> = {
  postgres: 200,
  'dynamodb-local': 120,
};
const COLD_ACCOUNTS = 50;
const COLD_FUNDING_MINOR = 1000n;
const HOT_FUNDING_MINOR = 6000n;
// A command that did not commit (conflict budget spent, connection fault) is sent again with the
// same id, as a client would: the id makes that safe.
const COMMAND_ATTEMPTS_MAX = 50;
const PLAN_SEED = 20_260_302;
// A pattern takes 2-12 s here; the margin is for a loaded machine, not for a slow ledger.
const PATTERN_TIMEOUT_MS = 90_000;

interface PlannedTransfer {
  readonly event: LedgerEvent;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amountMinor: bigint;
  /** Sent again by the same client once answered. */
  readonly retry: boolean;
  /** Also sent at the same moment through another worker's ledger. */
  readonly duplicate: boolean;
}

interface Worker {
  readonly ledger: Ledger;
}

/** Every status any attempt got, per transfer id. */
type Outcomes = Map<string, TransferStatus[]>;

function record(outcomes: Outcomes, id: string, status: TransferStatus): void {
  const statuses = outcomes.get(id) ?? [];
  statuses.push(status);
  outcomes.set(id, statuses);
}

function isRecorded(status: TransferStatus): boolean {
  return status === 'created' || status === 'exists';
}

/** Counts transactions asked for and attempts run (a conflict runs the function again). */
interface CountingStorage extends Storage {
  readonly counts: { transactions: number; attempts: number };
}

function counting(inner: Storage): CountingStorage {
  const counts = { transactions: 0, attempts: 0 };
  return { ...countingStorage(inner, counts), counts };
}

function workersOn(storage: Storage): Worker[] {
  return Array.from({ length: WORKERS }, (_, index) => {
    const audit = createAuditLog({ storage, signing: LEDGER_SUITE_SIGNING });
    return {
      ledger: createLedger({
        storage,
        audit,
        ...(index % 2 === 1 ? { autoBatch: {} } : {}),
      }),
    };
  });
}

function isRetryable(error: LedgerCommandError): boolean {
  return error.type === 'storage.conflict' || (error.type === 'infrastructure' && error.retryable);
}

// Sends until the ledger answers with a result. After a command-level failure the command may or
// may not have committed; sending the same id again settles it (`exists` if it had).
async function sendUntilDecided(
  ledger: Ledger,
  tenantId: TenantId,
  event: LedgerEvent,
): Promise<TransferStatus> {
  for (let attempt = 1; attempt <= COMMAND_ATTEMPTS_MAX; attempt += 1) {
    const outcome = await ledger.createTransfer(tenantId, event);
    if (outcome.isOk()) return outcome.value.status;
    if (!isRetryable(outcome.error)) throw new Error(`command failed: ${outcome.error.type}`);
  }
  throw new Error(`no decision after ${COMMAND_ATTEMPTS_MAX} attempts`);
}

async function runWorkers(
  workers: readonly Worker[],
  tenantId: TenantId,
  plan: readonly PlannedTransfer[],
): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  const lane = async (worker: number, queue: PlannedTransfer[]) => {
    const own = workers[worker];
    const other = workers[(worker + 1) % WORKERS];
    if (own === undefined || other === undefined) throw new Error('eight workers');
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const id = eventId(next.event);
      const sends = [sendUntilDecided(own.ledger, tenantId, next.event)];
      if (next.duplicate) sends.push(sendUntilDecided(other.ledger, tenantId, next.event));
      const statuses = await Promise.all(sends);
      for (const status of statuses) record(outcomes, id, status);
      if (next.retry) {
        const again = await sendUntilDecided(own.ledger, tenantId, next.event);
        record(outcomes, id, again);
        const [first] = statuses;
        if (first !== undefined && isRecorded(first)) expect(again, id).toBe('exists');
        else expect(again, id).toBe('id_already_failed');
      }
    }
  };
  const lanes: Promise<void>[] = [];
  for (let worker = 0; worker < WORKERS; worker += 1) {
    const mine = plan.filter((_, index) => index % WORKERS === worker);
    // The lanes of a worker share its queue, like concurrent requests of one process.
    for (let count = 0; count < LANES_PER_WORKER; count += 1) lanes.push(lane(worker, mine));
  }
  await Promise.all(lanes);
  return outcomes;
}

async function openBooks(
  ledger: Ledger,
  tenantId: TenantId,
  inputs: readonly AccountInput[],
): Promise<void> {
  const results = unwrapOrThrow(await ledger.createAccounts(tenantId, inputs));
  expect(results.every((result) => result.status === 'created')).toBe(true);
}

async function fullStatement(
  ledger: Ledger,
  tenantId: TenantId,
  accountId: string,
): Promise<StatementLine[]> {
  const lines: StatementLine[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const read = unwrapOrThrow(
      await ledger.statement(tenantId, accountId, {
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

/**
 * Everything the workload must leave true: money balances per currency, no limit broken on any
 * statement line, each recorded transfer stored and applied exactly once (one line per side),
 * each id decided once, and balances equal to funding plus the recorded transfers.
 */
async function expectConsistent(
  ledger: Ledger,
  tenantId: TenantId,
  accountIds: readonly string[],
  funding: readonly PlannedTransfer[],
  plan: readonly PlannedTransfer[],
  outcomes: Outcomes,
): Promise<void> {
  const recorded = new Set<string>();
  for (const [id, statuses] of outcomes) {
    const created = statuses.filter((status) => status === 'created').length;
    const failed = statuses.filter((status) => TRANSIENT_TRANSFER_STATUSES.has(status)).length;
    expect(created, `${id} created more than once`).toBeLessThanOrEqual(1);
    expect(failed, `${id} failed more than once`).toBeLessThanOrEqual(1);
    // A transfer is recorded or refused, never both.
    if (statuses.some(isRecorded)) {
      expect(
        statuses.every((status) => isRecorded(status)),
        id,
      ).toBe(true);
      recorded.add(id);
    } else {
      expect(
        statuses.every(
          (status) => TRANSIENT_TRANSFER_STATUSES.has(status) || status === 'id_already_failed',
        ),
        `${id}: ${statuses.join(', ')}`,
      ).toBe(true);
    }
  }
  expect(outcomes.size).toBe(plan.length);

  const accounts = unwrapOrThrow(await ledger.lookupAccounts(tenantId, accountIds)).map(
    (account) => {
      if (account === null) throw new Error('every account of the workload exists');
      return account;
    },
  );
  expect(unbalancedCurrencies(accounts)).toEqual([]);

  // Balances rebuilt from the funding and every recorded transfer.
  const expected = new Map<string, { debits: bigint; credits: bigint }>();
  for (const id of accountIds) expected.set(id, { debits: 0n, credits: 0n });
  for (const transfer of [
    ...funding,
    ...plan.filter((item) => recorded.has(eventId(item.event))),
  ]) {
    const debit = expected.get(transfer.debitAccountId);
    const credit = expected.get(transfer.creditAccountId);
    if (debit === undefined || credit === undefined) throw new Error('planned accounts only');
    expected.set(transfer.debitAccountId, {
      ...debit,
      debits: debit.debits + transfer.amountMinor,
    });
    const after = expected.get(transfer.creditAccountId) ?? credit;
    expected.set(transfer.creditAccountId, {
      ...after,
      credits: after.credits + transfer.amountMinor,
    });
  }
  for (const account of accounts) {
    expect(
      {
        debits: account.balances.debitsPosted,
        credits: account.balances.creditsPosted,
        pending: account.balances.debitsPending + account.balances.creditsPending,
      },
      account.name,
    ).toEqual({ ...expected.get(account.id), pending: 0n });
  }

  // Stored exactly when recorded, with the amount sent.
  const ids = plan.map((item) => eventId(item.event));
  const stored = [];
  for (let start = 0; start < ids.length; start += 100) {
    stored.push(
      ...unwrapOrThrow(await ledger.lookupTransfers(tenantId, ids.slice(start, start + 100))),
    );
  }
  for (const [index, transfer] of stored.entries()) {
    const planned = plan[index];
    if (planned === undefined) throw new Error('one lookup per planned transfer');
    if (recorded.has(eventId(planned.event)))
      expect(transfer?.amountMinor).toBe(planned.amountMinor);
    else expect(transfer).toBeNull();
  }

  // Every statement line within the account's limits, gap-free, one line per side per transfer.
  const linesPerTransfer = new Map<string, number>();
  for (const account of accounts) {
    const lines = await fullStatement(ledger, tenantId, account.id);
    expect(lines.map((line) => line.entry.sequence)).toEqual(
      Array.from({ length: account.entryCount }, (_, index) => index + 1),
    );
    for (const line of lines) {
      expect(limitViolations(account, line.entry.balancesAfter), account.name).toEqual([]);
      linesPerTransfer.set(
        line.entry.transferId,
        (linesPerTransfer.get(line.entry.transferId) ?? 0) + 1,
      );
    }
    expect(lines.at(-1)?.entry.balancesAfter ?? account.balances).toEqual(account.balances);
  }
  for (const id of ids) expect(linesPerTransfer.get(id) ?? 0, id).toBe(recorded.has(id) ? 2 : 0);
}

function planned(
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
  retry = false,
  duplicate = false,
): PlannedTransfer {
  return {
    event: transferEvent({ debitAccountId, creditAccountId, amountMinor }),
    debitAccountId,
    creditAccountId,
    amountMinor,
    retry,
    duplicate,
  };
}

const shape = fc.record({
  from: fc.nat({ max: 1_000_000 }),
  to: fc.nat({ max: 1_000_000 }),
  amountMinor: fc.bigInt({ min: 1n, max: 400n }),
  retry: fc.integer({ min: 1, max: 100 }).map((roll) => roll <= 15),
  duplicate: fc.integer({ min: 1, max: 100 }).map((roll) => roll <= 10),
});

function shapes(seed: number, count: number) {
  const [sample] = fc.sample(fc.noBias(fc.array(shape, { minLength: count, maxLength: count })), {
    seed,
    numRuns: 1,
  });
  if (sample === undefined) throw new Error('one sample');
  return sample;
}

const CONCURRENCY_BACKENDS = BACKENDS.filter((backend) => backend.name in TRANSFERS_PER_PATTERN);

for (const backend of CONCURRENCY_BACKENDS) {
  const count = TRANSFERS_PER_PATTERN[backend.name] ?? 0;
  describe(`ledger concurrency: ${backend.name}`, () => {
    let underTest: StorageUnderTest | undefined;
    beforeAll(async () => {
      underTest = await backend.create();
    });
    afterAll(async () => {
      await underTest?.dispose();
    });
    const storage = () => {
      if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
      return counting(underTest.storage);
    };

    it(
      `cold: ${count} transfers between random pairs of ${COLD_ACCOUNTS} guarded accounts, retried and raced`,
      async () => {
        const tenantId = freshTenantId('cold');
        const workers = workersOn(storage());
        const [first] = workers;
        if (first === undefined) throw new Error('eight workers');
        const bank = accountInput({ type: 'asset', name: 'Bank' });
        const wallets = Array.from({ length: COLD_ACCOUNTS }, (_, index) =>
          accountInput({ name: `Wallet ${index}`, flags: { debitsMustNotExceedCredits: true } }),
        );
        await openBooks(first.ledger, tenantId, [bank, ...wallets]);
        const walletIds = wallets.map((wallet) => wallet.id as Id<'acc'>);
        const funding = walletIds.map((id) => planned(bank.id, id, COLD_FUNDING_MINOR));
        const funded = unwrapOrThrow(
          await first.ledger.createTransfers(
            tenantId,
            funding.map((item) => item.event),
          ),
        );
        expect(funded.every((result) => result.status === 'created')).toBe(true);
        const plan = shapes(PLAN_SEED, count).map((item) => {
          const from = item.from % COLD_ACCOUNTS;
          const to = (from + 1 + (item.to % (COLD_ACCOUNTS - 1))) % COLD_ACCOUNTS;
          return planned(
            walletIds[from] ?? '',
            walletIds[to] ?? '',
            item.amountMinor * 3n,
            item.retry,
            item.duplicate,
          );
        });
        const outcomes = await runWorkers(workers, tenantId, plan);
        const statuses = [...outcomes.values()].flat();
        // The workload moved money and refused some of it: both paths ran under concurrency.
        expect(statuses.filter((status) => status === 'created').length).toBeGreaterThan(count / 3);
        expect(statuses).toContain('exceeds_credits');
        expect(statuses).toContain('exists');
        await expectConsistent(
          first.ledger,
          tenantId,
          [bank.id, ...walletIds],
          funding,
          plan,
          outcomes,
        );
      },
      PATTERN_TIMEOUT_MS,
    );

    it(
      `hot: ${count} transfers all touching one guarded account, which is never overdrawn`,
      async () => {
        const tenantId = freshTenantId('hot');
        const counted = storage();
        const workers = workersOn(counted);
        const [first] = workers;
        if (first === undefined) throw new Error('eight workers');
        const bank = accountInput({ type: 'asset', name: 'Bank' });
        const hot = accountInput({
          name: 'Hot wallet',
          flags: { debitsMustNotExceedCredits: true },
        });
        const sinks = Array.from({ length: WORKERS }, (_, index) =>
          accountInput({ name: `Sink ${index}` }),
        );
        await openBooks(first.ledger, tenantId, [bank, hot, ...sinks]);
        const funding = [planned(bank.id, hot.id, HOT_FUNDING_MINOR)];
        const [funded] = unwrapOrThrow(
          await first.ledger.createTransfers(
            tenantId,
            funding.map((item) => item.event),
          ),
        );
        expect(funded?.status).toBe('created');
        // Three debits of the hot wallet for every deposit into it: it runs dry before the end.
        const plan = shapes(PLAN_SEED + 1, count).map((item, index) => {
          const sink = sinks[index % WORKERS]?.id ?? '';
          return item.from % 4 === 0
            ? planned(bank.id, hot.id, item.amountMinor / 4n + 1n, item.retry, item.duplicate)
            : planned(hot.id, sink, item.amountMinor / 2n + 1n, item.retry, item.duplicate);
        });
        const before = { ...counted.counts };
        const outcomes = await runWorkers(workers, tenantId, plan);
        // The calls really raced: some transactions ran again after a conflict.
        expect(counted.counts.attempts - before.attempts).toBeGreaterThan(
          counted.counts.transactions - before.transactions,
        );
        const statuses = [...outcomes.values()].flat();
        expect(statuses.filter((status) => status === 'created').length).toBeGreaterThan(count / 3);
        expect(statuses).toContain('exceeds_credits');
        const ids = [bank.id, hot.id, ...sinks.map((sink) => sink.id)];
        await expectConsistent(first.ledger, tenantId, ids, funding, plan, outcomes);
        const [hotAccount] = unwrapOrThrow(await first.ledger.lookupAccounts(tenantId, [hot.id]));
        expect(hotAccount?.entryCount).toBeGreaterThan(count / 3);
      },
      PATTERN_TIMEOUT_MS,
    );
  });
}
