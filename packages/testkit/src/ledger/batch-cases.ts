import { unwrapOrThrow } from '@strongroom/kernel';
import { LEDGER_AUDIT_ACTIONS, type LedgerEvent } from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  auditLeaves,
  balancesOf,
  eventId,
  fullStatement,
  move,
  newAccountId,
  openStandardAccounts,
  outboxEvents,
  snapshotBooks,
  standardIds,
  submit,
  transferEvent,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';

// The ledger's conservative count of storage items one transfer event touches (its record,
// burned id, pending record and burned id, two accounts, two statement lines, log, expiry index,
// outbox event); a transaction also keeps one item for its audit leaf and one spare.
const ITEMS_PER_TRANSFER = 11;
const ITEMS_KEPT_PER_TRANSACTION = 2;

/** The batch API: one result per event, linked chains all or nothing, batches over many commits. */
export function defineBatchCases(context: LedgerSuiteContext): void {
  it('commits a linked chain as a whole and independent events beside it', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    const results = await submit(books, [
      transferEvent({
        debitAccountId: bank,
        creditAccountId: wallet,
        amountMinor: 100n,
        flags: { linked: true },
      }),
      // Spends what the previous member of the chain brought in.
      transferEvent({
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 100n,
        flags: { linked: true },
      }),
      transferEvent({ debitAccountId: merchant, creditAccountId: bank, amountMinor: 60n }),
      transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 1n }),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    expect(await balancesOf(books, merchant)).toMatchObject({
      creditsPosted: 101n,
      debitsPosted: 60n,
    });
  });

  it('fails a chain as a whole, naming its first failure, and commits its neighbours', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const { bank, wallet, merchant } = accounts;
    const events: LedgerEvent[] = [
      transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 1n }),
      transferEvent({
        debitAccountId: bank,
        creditAccountId: wallet,
        amountMinor: 10n,
        flags: { linked: true },
      }),
      transferEvent({
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 11n,
        flags: { linked: true },
      }),
      transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 3n }),
      transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 2n }),
    ];
    const results = await submit(books, events);
    expect(results.map((result) => result.status)).toEqual([
      'created',
      'linked_event_failed',
      'exceeds_credits',
      'linked_event_failed',
      'created',
    ]);
    expect(results.map((result) => result.id)).toEqual(events.map(eventId));
    expect(await balancesOf(books, wallet)).toMatchObject({ creditsPosted: 0n, debitsPosted: 0n });
    expect(await balancesOf(books, merchant)).toMatchObject({ creditsPosted: 3n });
    const found = unwrapOrThrow(
      await books.ledger.lookupTransfers(books.tenantId, events.map(eventId)),
    );
    expect(found.map((transfer) => transfer !== null)).toEqual([true, false, false, false, true]);
    // The whole batch again: the committed events exist, the failed member's id is burned.
    const before = await snapshotBooks(books, standardIds(accounts));
    const again = await submit(books, events);
    expect(again.map((result) => result.status)).toEqual([
      'exists',
      'linked_event_failed',
      'id_already_failed',
      'linked_event_failed',
      'exists',
    ]);
    const after = await snapshotBooks(books, standardIds(accounts));
    expect(after.balances).toEqual(before.balances);
    expect(after.statements).toEqual(before.statements);
    expect(after.outbox).toBe(before.outbox);
  });

  it('fails a chain on a validation failure of a member and on a chain left open', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const before = await snapshotBooks(books, standardIds(accounts));
    const results = await submit(books, [
      transferEvent({
        debitAccountId: accounts.bank,
        creditAccountId: accounts.merchant,
        amountMinor: 5n,
        flags: { linked: true },
      }),
      transferEvent({
        debitAccountId: accounts.bank,
        creditAccountId: accounts.merchant,
        amountMinor: 0n,
      }),
      transferEvent({
        debitAccountId: accounts.bank,
        creditAccountId: accounts.merchant,
        amountMinor: 5n,
        flags: { linked: true },
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'amount_must_be_positive',
      'linked_event_chain_open',
    ]);
    // Nothing burned, nothing written: not even a leaf.
    expect(await snapshotBooks(books, standardIds(accounts))).toEqual(before);
  });

  it('answers an id sent twice in one batch once: `exists` or `exists_with_different_*` after it', async () => {
    const books = context.books();
    const { bank, merchant } = await openStandardAccounts(books);
    const event = transferEvent({
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 7n,
    });
    const changed: LedgerEvent = {
      kind: 'transfer',
      transfer: { ...(event.kind === 'transfer' ? event.transfer : { id: '' }), amountMinor: 8n },
    };
    const results = await submit(books, [event, event, changed]);
    expect(results.map((result) => result.status)).toEqual([
      'created',
      'exists',
      'exists_with_different_amount',
    ]);
    expect(results[1]?.timestamp).toBe(results[0]?.timestamp);
    expect(await balancesOf(books, merchant)).toMatchObject({ creditsPosted: 7n });
    expect(await fullStatement(books, merchant)).toHaveLength(1);
  });

  it('rolls back a hold and its post made earlier in a chain that fails later', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const { bank, wallet, merchant } = accounts;
    await move(books, bank, wallet, 100n);
    const before = await snapshotBooks(books, standardIds(accounts));
    const hold = transferEvent({
      debitAccountId: wallet,
      creditAccountId: merchant,
      amountMinor: 60n,
      flags: { pending: true, linked: true },
    });
    const post = transferEvent({
      pendingId: eventId(hold),
      amountMinor: 50n,
      flags: { postPending: true, linked: true },
    });
    const overdraw = transferEvent({
      debitAccountId: wallet,
      creditAccountId: merchant,
      amountMinor: 51n,
    });
    const failed = await submit(books, [hold, post, overdraw]);
    expect(failed.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'linked_event_failed',
      'exceeds_credits',
    ]);
    const after = await snapshotBooks(books, standardIds(accounts));
    expect(after.balances).toEqual(before.balances);
    expect(after.statements).toEqual(before.statements);
    expect(after.outbox).toBe(before.outbox);
    expect(
      unwrapOrThrow(
        await books.ledger.lookupTransfers(books.tenantId, [eventId(hold), eventId(post)]),
      ),
    ).toEqual([null, null]);
    // The same hold and post in a chain that holds together commit as one.
    const fits = transferEvent({
      debitAccountId: wallet,
      creditAccountId: merchant,
      amountMinor: 50n,
    });
    const committed = await submit(books, [hold, post, fits]);
    expect(committed.map((result) => result.status)).toEqual(['created', 'created', 'created']);
    expect(await balancesOf(books, wallet)).toEqual({
      debitsPending: 0n,
      debitsPosted: 100n,
      creditsPending: 0n,
      creditsPosted: 100n,
    });
  });

  it('splits a batch larger than one transaction, never inside a chain, one result per event', async () => {
    const books = context.books();
    const { bank, merchant } = await openStandardAccounts(books);
    const writes = context.storage().limits.writesPerTransaction;
    // Enough pairs of linked events that they cannot fit one transaction of this storage.
    const pairs = Math.ceil(writes / (2 * ITEMS_PER_TRANSFER)) + 2;
    const events: LedgerEvent[] = [];
    for (let pair = 0; pair < pairs; pair += 1) {
      events.push(
        transferEvent({
          debitAccountId: bank,
          creditAccountId: merchant,
          amountMinor: 1n,
          flags: { linked: true },
        }),
        transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 2n }),
      );
    }
    const results = await submit(books, events);
    expect(results).toHaveLength(events.length);
    expect(results.map((result) => result.id)).toEqual(events.map(eventId));
    expect(results.every((result) => result.status === 'created')).toBe(true);
    const stamps = results.map((result) => result.timestamp);
    expect(stamps.every((stamp, index) => index === 0 || stamp > (stamps[index - 1] ?? 0n))).toBe(
      true,
    );
    const found = unwrapOrThrow(
      await books.ledger.lookupTransfers(books.tenantId, events.map(eventId)),
    );
    expect(found.every((transfer) => transfer !== null)).toBe(true);
    expect(await balancesOf(books, merchant)).toMatchObject({
      creditsPosted: 3n * BigInt(pairs),
    });
    expect(await fullStatement(books, merchant)).toHaveLength(events.length);
    // One leaf per transaction of the command, each naming where its part starts: on a chain edge.
    const commandId = (await outboxEvents(books)).find(
      (event) => event.payload['transferId'] === eventId(events[0] as LedgerEvent),
    )?.causationId;
    const leaves = (await auditLeaves(books)).filter(
      (leaf) =>
        leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated && leaf.resource.id === commandId,
    );
    expect(leaves.length).toBeGreaterThan(1);
    const starts = leaves.map((leaf) => Number(leaf.details['firstEvent']));
    expect(starts.every((start) => start % 2 === 0)).toBe(true);
    expect(leaves.reduce((sum, leaf) => sum + Number(leaf.details['events']), 0)).toBe(
      events.length,
    );
    const again = await submit(books, events);
    expect(again.every((result) => result.status === 'exists')).toBe(true);
  });

  it('refuses a chain longer than one transaction can hold, writing nothing', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const writes = context.storage().limits.writesPerTransaction;
    const length = Math.floor((writes - ITEMS_KEPT_PER_TRANSACTION) / ITEMS_PER_TRANSFER) + 1;
    const chain = Array.from({ length }, (_, index) =>
      transferEvent({
        debitAccountId: accounts.bank,
        creditAccountId: accounts.merchant,
        amountMinor: 1n,
        flags: { linked: index < length - 1 },
      }),
    );
    const before = await snapshotBooks(books, standardIds(accounts));
    const refused = await books.ledger.createTransfers(books.tenantId, [
      transferEvent({
        debitAccountId: accounts.bank,
        creditAccountId: accounts.merchant,
        amountMinor: 1n,
      }),
      ...chain,
    ]);
    expect(refused.isErr() && refused.error).toMatchObject({
      type: 'ledger.chain_too_large',
      firstEvent: 1,
      events: length,
      maximumWrites: writes,
    });
    expect(await snapshotBooks(books, standardIds(accounts))).toEqual(before);
  });

  it('gives every auto-batched single call its own result; a bad one fails only itself', async () => {
    const books = context.books({ autoBatch: {} });
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    await move(books, bank, wallet, 300n);
    const spends = Array.from({ length: 8 }, () =>
      transferEvent({ debitAccountId: wallet, creditAccountId: merchant, amountMinor: 50n }),
    );
    const zero = transferEvent({
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 0n,
    });
    const nowhere = transferEvent({
      debitAccountId: bank,
      creditAccountId: newAccountId(),
      amountMinor: 1n,
    });
    const linked = transferEvent({
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 1n,
      flags: { linked: true },
    });
    const outcomes = await Promise.all(
      [...spends, zero, nowhere, linked].map((event) =>
        books.ledger.createTransfer(books.tenantId, event),
      ),
    );
    const statuses = outcomes.map((outcome) => unwrapOrThrow(outcome).status);
    const spent = statuses.slice(0, spends.length);
    expect(spent.filter((status) => status === 'created')).toHaveLength(6);
    expect(spent.filter((status) => status === 'exceeds_credits')).toHaveLength(2);
    expect(statuses.slice(spends.length)).toEqual([
      'amount_must_be_positive',
      'credit_account_not_found',
      'linked_event_chain_open',
    ]);
    expect(outcomes.map((outcome) => unwrapOrThrow(outcome).id)).toEqual(
      [...spends, zero, nowhere, linked].map(eventId),
    );
    expect(await balancesOf(books, wallet)).toEqual({
      debitsPending: 0n,
      debitsPosted: 300n,
      creditsPending: 0n,
      creditsPosted: 300n,
    });
  });
}
