import { unwrapOrThrow } from '@strongroom/kernel';
import { LEDGER_AUDIT_ACTIONS, LEDGER_EVENT_TYPES, type TransferResult } from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  auditLeaves,
  balancesOf,
  eventId,
  fullStatement,
  journalEvent,
  move,
  openStandardAccounts,
  outboxEvents,
  snapshotBooks,
  standardIds,
  submit,
  submitOne,
  transferEvent,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';
import type { SuiteLedger } from './suite-ledger.js';

async function hold(
  books: SuiteLedger,
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
  timeoutMs?: number,
): Promise<TransferResult> {
  const result = await submitOne(
    books,
    transferEvent({
      debitAccountId,
      creditAccountId,
      amountMinor,
      flags: { pending: true },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
  );
  if (result.status !== 'created') throw new Error(`hold not created: ${result.status}`);
  return result;
}

async function pendingStatusOf(books: SuiteLedger, id: string) {
  const [found] = unwrapOrThrow(await books.ledger.lookupTransfers(books.tenantId, [id]));
  return found?.pendingStatus;
}

async function available(books: SuiteLedger, id: string): Promise<bigint> {
  return unwrapOrThrow(await books.ledger.balance(books.tenantId, id)).availableMinor;
}

/** Two-phase transfers: post in full or in part, void, resolve once, expire exactly. */
export function definePendingCases(context: LedgerSuiteContext): void {
  it('holds an amount, then posts it in full, once', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    await move(books, bank, wallet, 1000n);
    const pending = await hold(books, wallet, merchant, 300n);
    expect(pending.debitAccount).toMatchObject({ debitsPending: 300n, debitsPosted: 0n });
    expect(await available(books, wallet)).toBe(700n);
    expect(await pendingStatusOf(books, pending.id)).toBe('pending');
    const posted = await submitOne(
      books,
      transferEvent({ pendingId: pending.id, flags: { postPending: true } }),
    );
    expect(posted.status).toBe('created');
    expect(posted.transfer).toMatchObject({
      amountMinor: 300n,
      pendingId: pending.id,
      debitAccountId: wallet,
      creditAccountId: merchant,
    });
    expect(await balancesOf(books, wallet)).toEqual({
      debitsPending: 0n,
      debitsPosted: 300n,
      creditsPending: 0n,
      creditsPosted: 1000n,
    });
    expect(await balancesOf(books, merchant)).toMatchObject({
      creditsPending: 0n,
      creditsPosted: 300n,
    });
    expect(await pendingStatusOf(books, pending.id)).toBe('posted');
    const second = await submit(books, [
      transferEvent({ pendingId: pending.id, flags: { postPending: true } }),
      transferEvent({ pendingId: pending.id, flags: { voidPending: true } }),
    ]);
    expect(second.map((result) => result.status)).toEqual([
      'pending_transfer_already_posted',
      'pending_transfer_already_posted',
    ]);
    const kinds = (await fullStatement(books, wallet)).map((line) => line.entry.kind);
    expect(kinds).toEqual(['posted', 'pending', 'pending_posted']);
    const types = (await outboxEvents(books)).map((event) => event.type);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.transferPosted)).toHaveLength(1);
  });

  it('posts part of a hold and releases the rest; refuses posting more than held', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    await move(books, bank, wallet, 1000n);
    const pending = await hold(books, wallet, merchant, 300n);
    const over = await submitOne(
      books,
      transferEvent({ pendingId: pending.id, amountMinor: 301n, flags: { postPending: true } }),
    );
    expect(over.status).toBe('exceeds_pending_transfer_amount');
    const partial = await submitOne(
      books,
      transferEvent({ pendingId: pending.id, amountMinor: 120n, flags: { postPending: true } }),
    );
    expect(partial.status).toBe('created');
    expect(partial.transfer?.amountMinor).toBe(120n);
    expect(await available(books, wallet)).toBe(880n);
    expect(await balancesOf(books, merchant)).toMatchObject({
      creditsPending: 0n,
      creditsPosted: 120n,
    });
    expect(await pendingStatusOf(books, pending.id)).toBe('posted');
  });

  it('voids a hold, once; a void after a void is refused', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    await move(books, bank, wallet, 1000n);
    const pending = await hold(books, wallet, merchant, 300n, 60_000);
    const voided = await submitOne(
      books,
      transferEvent({ pendingId: pending.id, flags: { voidPending: true } }),
    );
    expect(voided.status).toBe('created');
    expect(await available(books, wallet)).toBe(1000n);
    expect(await balancesOf(books, merchant)).toMatchObject({
      creditsPending: 0n,
      creditsPosted: 0n,
    });
    expect(await pendingStatusOf(books, pending.id)).toBe('voided');
    const again = await submit(books, [
      transferEvent({ pendingId: pending.id, flags: { voidPending: true } }),
      transferEvent({ pendingId: pending.id, flags: { postPending: true } }),
    ]);
    expect(again.map((result) => result.status)).toEqual([
      'pending_transfer_already_voided',
      'pending_transfer_already_voided',
    ]);
    // A voided hold with a timeout is not released a second time by the sweep.
    books.clock.advance(120_000);
    const swept = unwrapOrThrow(await books.ledger.sweepExpired(books.tenantId, { limit: 10 }));
    expect(swept.expired).toEqual([]);
    expect(await available(books, wallet)).toBe(1000n);
    const types = (await outboxEvents(books)).map((event) => event.type);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.transferVoided)).toHaveLength(1);
  });

  it('refuses resolving a hold at or after its expiry before any sweep; the sweep releases it once', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const { bank, wallet, merchant } = accounts;
    await move(books, bank, wallet, 1000n);
    const pending = await hold(books, wallet, merchant, 400n, 30_000);
    books.clock.advance(29_999);
    expect(await pendingStatusOf(books, pending.id)).toBe('pending');
    books.clock.advance(1);
    const before = await snapshotBooks(books, standardIds(accounts));
    const late = await submit(books, [
      transferEvent({ pendingId: pending.id, flags: { postPending: true } }),
      transferEvent({ pendingId: pending.id, flags: { voidPending: true } }),
    ]);
    expect(late.map((result) => result.status)).toEqual([
      'pending_transfer_expired',
      'pending_transfer_expired',
    ]);
    // Still held: the expiry is exact, the release waits for the sweep.
    expect(await snapshotBooks(books, standardIds(accounts))).toEqual(before);
    expect(await available(books, wallet)).toBe(600n);
    const swept = unwrapOrThrow(await books.ledger.sweepExpired(books.tenantId, { limit: 10 }));
    expect(swept.expired.map((result) => [result.id, result.status])).toEqual([
      [pending.id, 'expired'],
    ]);
    expect(swept.more).toBe(false);
    expect(await available(books, wallet)).toBe(1000n);
    expect(await balancesOf(books, merchant)).toMatchObject({ creditsPending: 0n });
    expect(await pendingStatusOf(books, pending.id)).toBe('expired');
    const kinds = (await fullStatement(books, wallet)).map((line) => line.entry.kind);
    expect(kinds).toEqual(['posted', 'pending', 'expired']);
    const expiredEvents = (await outboxEvents(books)).filter(
      (event) => event.type === LEDGER_EVENT_TYPES.transferExpired,
    );
    expect(expiredEvents.map((event) => event.payload['transferId'])).toEqual([pending.id]);
    const leaves = (await auditLeaves(books)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersExpired,
    );
    expect(leaves.map((leaf) => leaf.resource.id)).toEqual([expiredEvents[0]?.causationId]);
    // Idempotent: a second sweep finds nothing and writes nothing.
    const afterSweep = await snapshotBooks(books, standardIds(accounts));
    const second = unwrapOrThrow(await books.ledger.sweepExpired(books.tenantId, { limit: 10 }));
    expect(second).toEqual({ expired: [], more: false });
    expect(await snapshotBooks(books, standardIds(accounts))).toEqual(afterSweep);
    const afterExpiry = await submitOne(
      books,
      transferEvent({ pendingId: pending.id, flags: { voidPending: true } }),
    );
    expect(afterExpiry.status).toBe('pending_transfer_expired');
  });

  it('sweeps more holds than one transaction takes, journal entries too, each released once by racing sweepers', async () => {
    const books = context.books();
    const second = context.books({ clock: books.clock });
    const accounts = await openStandardAccounts(books);
    const { bank, wallet, merchant } = accounts;
    await move(books, bank, wallet, 1000n);
    const holds = Array.from({ length: 16 }, () =>
      transferEvent({
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 10n,
        flags: { pending: true },
        timeoutMs: 1000,
      }),
    );
    const journal = journalEvent({
      postings: [
        { accountId: wallet, side: 'debit', amountMinor: 100n },
        { accountId: merchant, side: 'credit', amountMinor: 90n },
        { accountId: bank, side: 'credit', amountMinor: 10n },
      ],
      flags: { pending: true },
      timeoutMs: 1000,
    });
    const held = await submit(books, [...holds, journal]);
    expect(held.every((result) => result.status === 'created')).toBe(true);
    expect(await available(books, wallet)).toBe(740n);
    books.clock.advance(1000);
    // Two processes sweep at once; between them every hold is released exactly once.
    const sweeps = await Promise.all([
      books.ledger.sweepExpired(books.tenantId, { limit: 100 }),
      second.ledger.sweepExpired(books.tenantId, { limit: 100 }),
    ]);
    const released = sweeps.flatMap((sweep) =>
      unwrapOrThrow(sweep).expired.map((result) => result.id),
    );
    expect([...released].sort()).toEqual(held.map((result) => result.id).sort());
    expect(await available(books, wallet)).toBe(1000n);
    const [pendingJournal] = unwrapOrThrow(
      await books.ledger.lookupJournalEntries(books.tenantId, [eventId(journal)]),
    );
    expect(pendingJournal?.pendingStatus).toBe('expired');
    const expiredLines = (await fullStatement(books, wallet)).filter(
      (line) => line.entry.kind === 'expired',
    );
    expect(expiredLines).toHaveLength(held.length);
    const types = (await outboxEvents(books)).map((event) => event.type);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.transferExpired)).toHaveLength(16);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.journalExpired)).toHaveLength(1);
    for (const id of standardIds(accounts)) {
      const lines = await fullStatement(books, id);
      expect(lines.map((line) => line.entry.sequence)).toEqual(lines.map((_, index) => index + 1));
    }
  });

  it('sweeps only what is due, in (expiresAt, timestamp) order, up to the limit', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    await move(books, bank, wallet, 1000n);
    const late = await hold(books, wallet, merchant, 10n, 50_000);
    const early = await hold(books, wallet, merchant, 10n, 20_000);
    books.clock.advance(1);
    const sameTimeLater = await hold(books, wallet, merchant, 10n, 19_999);
    const never = await hold(books, wallet, merchant, 10n);
    const notYet = await hold(books, wallet, merchant, 10n, 3_600_000);
    books.clock.advance(60_000);
    const first = unwrapOrThrow(await books.ledger.sweepExpired(books.tenantId, { limit: 2 }));
    expect(first.expired.map((result) => result.id)).toEqual([early.id, sameTimeLater.id]);
    expect(first.more).toBe(true);
    const rest = unwrapOrThrow(await books.ledger.sweepExpired(books.tenantId, { limit: 10 }));
    expect(rest.expired.map((result) => result.id)).toEqual([late.id]);
    expect(rest.more).toBe(false);
    const statuses = unwrapOrThrow(
      await books.ledger.lookupTransfers(books.tenantId, [never.id, notYet.id]),
    ).map((found) => found?.pendingStatus);
    expect(statuses).toEqual(['pending', 'pending']);
    expect(await available(books, wallet)).toBe(980n);
    const refused = await books.ledger.sweepExpired(books.tenantId, { limit: 0 });
    expect(refused.isErr() && refused.error).toMatchObject({ type: 'validation', field: 'limit' });
  });
}
