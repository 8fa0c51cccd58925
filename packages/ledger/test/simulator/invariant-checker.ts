import {
  ok,
  type Storage,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { type Account, normalSideOf } from '../../src/model/account.js';
import type { Balances } from '../../src/model/balances.js';
import type { JournalEntry } from '../../src/model/journal-entry.js';
import type { Transfer } from '../../src/model/transfer.js';
import type { Ledger } from '../../src/service/ledger.js';
import { LEDGER_LOOKUP_MAX } from '../../src/service/read-helpers.js';
import { isBurnedRecord } from '../../src/store/failed-id-record.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';
import { expectInvariant } from './invariant-violation.js';
import type { ReferenceModel } from './reference-model.js';
import type { CommandIds } from './workload.js';

/** Where the checker reads: the database itself, past every fault, and a fault-free ledger. */
export interface CheckerContext {
  readonly database: Storage;
  readonly ledger: Ledger;
  readonly tenantId: TenantId;
}

function chunks<Item>(items: readonly Item[]): Item[][] {
  const result: Item[][] = [];
  for (let start = 0; start < items.length; start += LEDGER_LOOKUP_MAX) {
    result.push(items.slice(start, start + LEDGER_LOOKUP_MAX));
  }
  return result;
}

// Every record id of a collection, read through the port in pages.
async function storedRecords(context: CheckerContext, collection: string): Promise<StoredRecord[]> {
  return unwrapOrThrow(
    await context.database.transaction(context.tenantId, async (tx) => {
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

async function storedIds(context: CheckerContext, collection: string): Promise<string[]> {
  return (await storedRecords(context, collection)).map((record) => record.id);
}

// `stored` holds every id of `known`, and nothing else but ids of `allowed` (which it may lack).
function sameIds(
  what: string,
  stored: readonly string[],
  known: ReadonlySet<string>,
  allowed: ReadonlySet<string> = new Set(),
): void {
  const unknown = stored.filter((id) => !known.has(id) && !allowed.has(id));
  expectInvariant(
    unknown.length === 0,
    () => `stored ${what} the model never heard of: ${unknown}`,
  );
  const storedSet = new Set(stored);
  expectInvariant(storedSet.size === stored.length, () => `a ${what} id is stored twice`);
  const missing = [...known].filter((id) => !storedSet.has(id));
  expectInvariant(missing.length === 0, () => `${what} answered but not stored: ${missing}`);
}

/**
 * Every way an account's balances can break a rule, written from the rules themselves (not from
 * the engine's code): no negative total, TigerBeetle's two flags with pending debits (credits)
 * counted and pending credits (debits) not, and floors and ceilings on the normal-side net with
 * every hold counted against the bound.
 */
export function limitViolations(account: Account, b: Balances): string[] {
  const violations: string[] = [];
  for (const [name, value] of Object.entries(b)) if (value < 0n) violations.push(`${name} < 0`);
  if (
    account.flags.debitsMustNotExceedCredits &&
    b.debitsPending + b.debitsPosted > b.creditsPosted
  )
    violations.push('debits exceed credits');
  if (
    account.flags.creditsMustNotExceedDebits &&
    b.creditsPending + b.creditsPosted > b.debitsPosted
  )
    violations.push('credits exceed debits');
  const creditNormal = normalSideOf(account.type) === 'credit';
  const low = creditNormal
    ? b.creditsPosted - b.debitsPosted - b.debitsPending
    : b.debitsPosted - b.creditsPosted - b.creditsPending;
  const high = creditNormal
    ? b.creditsPosted + b.creditsPending - b.debitsPosted
    : b.debitsPosted + b.debitsPending - b.creditsPosted;
  const { floorMinor, ceilingMinor } = account.limits;
  if (floorMinor !== null && low < floorMinor) violations.push(`net ${low} below floor`);
  if (ceilingMinor !== null && high > ceilingMinor) violations.push(`net ${high} above ceiling`);
  return violations;
}

async function checkAccounts(context: CheckerContext, model: ReferenceModel): Promise<void> {
  const sums = new Map<string, { pending: bigint; posted: bigint }>();
  for (const ids of chunks([...model.accounts.keys()])) {
    const found = unwrapOrThrow(await context.ledger.lookupAccounts(context.tenantId, ids));
    for (const [position, stored] of found.entries()) {
      const id = ids[position] as string;
      expectInvariant(stored !== null, () => `account ${id} is not found by lookup`);
      const expected = model.accounts.get(id);
      expectInvariant(expected !== undefined, () => `account ${id} left the model`);
      const b = stored.balances;
      const violations = limitViolations(stored, b);
      expectInvariant(violations.length === 0, () => `account ${id}: ${violations.join(', ')}`);
      expectInvariant(
        b.debitsPending === expected.balances.debitsPending &&
          b.debitsPosted === expected.balances.debitsPosted &&
          b.creditsPending === expected.balances.creditsPending &&
          b.creditsPosted === expected.balances.creditsPosted,
        () => `account ${id} holds ${show(b)} but the answers add up to ${show(expected.balances)}`,
      );
      expectInvariant(
        stored.status === expected.status,
        () => `account ${id} is ${stored.status}, the model says ${expected.status}`,
      );
      const sum = sums.get(stored.currency) ?? { pending: 0n, posted: 0n };
      sum.pending += b.debitsPending - b.creditsPending;
      sum.posted += b.debitsPosted - b.creditsPosted;
      sums.set(stored.currency, sum);
    }
  }
  for (const [currency, sum] of sums) {
    expectInvariant(
      sum.pending === 0n && sum.posted === 0n,
      () => `${currency}: debits - credits = ${sum.pending} pending, ${sum.posted} posted`,
    );
  }
}

function sameMovement(stored: Transfer | JournalEntry, known: Transfer | JournalEntry): boolean {
  if (stored.timestamp !== known.timestamp) return false;
  if ('postings' in stored && 'postings' in known) {
    return stored.postings.length === known.postings.length;
  }
  if ('amountMinor' in stored && 'amountMinor' in known) {
    return (
      stored.amountMinor === known.amountMinor &&
      stored.debitAccountId === known.debitAccountId &&
      stored.creditAccountId === known.creditAccountId
    );
  }
  return false;
}

// Checks movements one by one against the model: found by lookup exactly once (as a transfer or
// as a journal entry, never both) when the model knows it, with its content and pending status,
// else absent; burned exactly when the model saw it burn (or either way when it may have).
async function checkMovementIds(
  context: CheckerContext,
  model: ReferenceModel,
  ids: readonly string[],
): Promise<void> {
  for (const part of chunks(ids)) {
    const transfers = unwrapOrThrow(await context.ledger.lookupTransfers(context.tenantId, part));
    const journals = unwrapOrThrow(
      await context.ledger.lookupJournalEntries(context.tenantId, part),
    );
    const failed = unwrapOrThrow(
      await context.database.transaction(context.tenantId, async (tx) =>
        ok(await tx.records.getMany(LEDGER_COLLECTIONS.transfers, part)),
      ),
    );
    for (const [position, id] of part.entries()) {
      const stored = failed[position];
      const burned = stored !== undefined && isBurnedRecord(stored.data);
      expectInvariant(
        burned === model.burned.has(id) || model.maybeBurned.has(id),
        () => `${id} is ${burned ? '' : 'not '}burned in the store, the model disagrees`,
      );
      const movement = model.movements.get(id);
      const transfer = transfers[position] ?? null;
      const journal = journals[position] ?? null;
      if (movement === undefined) {
        expectInvariant(
          transfer === null && journal === null,
          () => `${id} is stored but was never answered created or exists`,
        );
        continue;
      }
      expectInvariant(!burned, () => `${id} is both recorded and burned`);
      const found = movement.kind === 'transfer' ? transfer : journal;
      const other = movement.kind === 'transfer' ? journal : transfer;
      expectInvariant(
        found !== null && other === null,
        () => `${movement.kind} ${id} is not found by lookup exactly once`,
      );
      expectInvariant(
        sameMovement(found, movement.record),
        () => `${id} is stored with other content than it was answered with`,
      );
      expectInvariant(
        found.pendingStatus === movement.status,
        () => `${id} is stored ${found.pendingStatus}, the model says ${movement.status}`,
      );
    }
  }
}

// The insertion-order log lists every movement exactly once, and nothing else.
async function checkTransferLog(context: CheckerContext, model: ReferenceModel): Promise<void> {
  const logged = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = unwrapOrThrow(
      await context.ledger.queryTransfers(context.tenantId, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      }),
    );
    for (const movement of page.items) {
      const id = movement.kind === 'transfer' ? movement.transfer.id : movement.journal.id;
      logged.set(id, (logged.get(id) ?? 0) + 1);
    }
    if (page.next === null) break;
    after = page.next;
  }
  for (const [id, times] of logged) {
    expectInvariant(times === 1 && model.movements.has(id), () => `${id} is logged ${times} times`);
  }
  expectInvariant(
    logged.size === model.movements.size,
    () => `${logged.size} movements logged, ${model.movements.size} answered`,
  );
}

/**
 * The check after every step: the same accounts as the model with the same balances and status,
 * no limit broken, Σ debits = Σ credits per currency (pending and posted); and every id the step
 * sent or changed is stored exactly as the model knows it (an account or not; a movement recorded
 * once with its pending status, burned, or absent). Ids of earlier steps were checked then, and
 * only a step that sends an id can store it, so together the passes cover every id.
 */
export async function checkStep(
  context: CheckerContext,
  model: ReferenceModel,
  sent: CommandIds,
): Promise<void> {
  await checkAccounts(context, model);
  const accountIds = [...new Set(sent.accountIds)];
  const found = unwrapOrThrow(await context.ledger.lookupAccounts(context.tenantId, accountIds));
  for (const [position, account] of found.entries()) {
    const id = accountIds[position] as string;
    expectInvariant(
      (account !== null) === model.accounts.has(id),
      () => `account ${id} is ${account === null ? 'not ' : ''}stored, the model disagrees`,
    );
  }
  const transferIds = new Set([...sent.transferIds, ...model.takeTouched()]);
  await checkMovementIds(context, model, [...transferIds]);
}

/**
 * The full check, run now and then and at the end: {@link checkStep} over every id the model
 * knows, the stored account, transfer and burned-id sets equal to the model's (the burned ones
 * may add ids the model knows may be burned), and the transfer log listing every movement once.
 */
export async function checkEverything(
  context: CheckerContext,
  model: ReferenceModel,
): Promise<void> {
  const accounts = await storedIds(context, LEDGER_COLLECTIONS.accounts);
  sameIds('account', accounts, new Set(model.accounts.keys()));
  await checkAccounts(context, model);
  model.takeTouched();
  // Movements and burned ids share `ledger.transfers`: each id is one or the other, never both.
  const records = await storedRecords(context, LEDGER_COLLECTIONS.transfers);
  const movements = records.filter((record) => !isBurnedRecord(record.data));
  sameIds(
    'transfer',
    movements.map((record) => record.id),
    new Set(model.movements.keys()),
  );
  const burned = records.filter((record) => isBurnedRecord(record.data));
  sameIds(
    'burned id',
    burned.map((record) => record.id),
    model.burned,
    model.maybeBurned,
  );
  await checkMovementIds(context, model, [
    ...model.movements.keys(),
    ...model.burned,
    ...model.maybeBurned,
  ]);
  await checkTransferLog(context, model);
}

function show(b: Balances): string {
  return `dp=${b.debitsPending} dP=${b.debitsPosted} cp=${b.creditsPending} cP=${b.creditsPosted}`;
}
