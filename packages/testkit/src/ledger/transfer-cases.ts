import { jsonByteLength, unwrapOrThrow } from '@strongroom/kernel';
import {
  LEDGER_AUDIT_ACTIONS,
  LEDGER_EVENT_TYPES,
  LEDGER_METADATA_MAX_BYTES,
  type LedgerEvent,
  type TransferInput,
  type TransferStatus,
  ZERO_BALANCES,
} from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  accountInput,
  accountsOf,
  auditLeaves,
  balancesOf,
  fullStatement,
  move,
  newAccountId,
  newTransferId,
  openStandardAccounts,
  outboxEvents,
  snapshotBooks,
  standardIds,
  submit,
  submitOne,
  transferEvent,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';

function plain(input: TransferInput): LedgerEvent {
  return { kind: 'transfer', transfer: input };
}

/** Single transfers: creation, idempotency, burned ids, limits, closed accounts, tenancy. */
export function defineTransferCases(context: LedgerSuiteContext): void {
  it('creates a transfer: balances after in the result, the record, a statement line per side', async () => {
    const books = context.books();
    const { bank, merchant } = await openStandardAccounts(books);
    const event = transferEvent({
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 1250n,
      code: 3,
      metadata: { order: 'ord_1' },
    });
    const result = await submitOne(books, event);
    expect(result.status).toBe('created');
    expect(result.debitAccount).toEqual({
      debitsPending: 0n,
      debitsPosted: 1250n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
    expect(result.creditAccount?.creditsPosted).toBe(1250n);
    const [stored] = unwrapOrThrow(await books.ledger.lookupTransfers(books.tenantId, [result.id]));
    expect(stored).toMatchObject({
      id: result.id,
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 1250n,
      currency: 'USD',
      code: 3,
      metadata: { order: 'ord_1' },
      pendingStatus: 'none',
      timestamp: result.timestamp,
      insertedAt: books.clock.now(),
      effectiveAt: books.clock.now(),
    });
    for (const [account, side] of [
      [bank, 'debit'],
      [merchant, 'credit'],
    ] as const) {
      const lines = await fullStatement(books, account);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.entry).toMatchObject({
        sequence: 1,
        transferId: result.id,
        side,
        kind: 'posted',
        amountMinor: 1250n,
      });
    }
    const events = (await outboxEvents(books)).filter(
      (outbox) => outbox.type === LEDGER_EVENT_TYPES.transferCreated,
    );
    expect(events.map((outbox) => outbox.payload['transferId'])).toEqual([result.id]);
  });

  it('answers a retry with the same id and content `exists` with the original result, writing nothing', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const event = transferEvent({
      debitAccountId: accounts.bank,
      creditAccountId: accounts.merchant,
      amountMinor: 700n,
    });
    const first = await submitOne(books, event);
    const before = await snapshotBooks(books, standardIds(accounts));
    books.clock.advance(60_000);
    const again = await submitOne(books, event);
    expect(again.status).toBe('exists');
    expect(again.timestamp).toBe(first.timestamp);
    expect(again.transfer?.amountMinor).toBe(700n);
    const single = unwrapOrThrow(await books.ledger.createTransfer(books.tenantId, event));
    expect(single.status).toBe('exists');
    expect(await snapshotBooks(books, standardIds(accounts))).toEqual(before);
  });

  it('answers `exists_with_different_<field>` for the first field that differs', async () => {
    const books = context.books();
    const { bank, merchant, wallet, euroBank } = await openStandardAccounts(books);
    books.clock.advance(1000);
    const original: TransferInput = {
      id: newTransferId(),
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 100n,
      currency: 'USD',
      code: 3,
      metadata: { a: 1 },
      effectiveAt: new Date(books.clock.now().getTime() - 500),
    };
    expect((await submitOne(books, plain(original))).status).toBe('created');
    const variants: [LedgerEvent, TransferStatus][] = [
      [
        {
          kind: 'journal',
          journal: {
            id: original.id,
            code: 3,
            postings: [
              { accountId: bank, side: 'debit', amountMinor: 100n },
              { accountId: merchant, side: 'credit', amountMinor: 100n },
            ],
          },
        },
        'exists_with_different_kind',
      ],
      [plain({ ...original, flags: { pending: true } }), 'exists_with_different_flags'],
      [plain({ ...original, pendingId: newTransferId() }), 'exists_with_different_pending_id'],
      [plain({ ...original, timeoutMs: 1000 }), 'exists_with_different_timeout'],
      [plain({ ...original, debitAccountId: euroBank }), 'exists_with_different_debit_account_id'],
      [plain({ ...original, creditAccountId: wallet }), 'exists_with_different_credit_account_id'],
      [plain({ ...original, amountMinor: 101n }), 'exists_with_different_amount'],
      [plain({ ...original, metadata: { a: 2 } }), 'exists_with_different_metadata'],
      [plain({ ...original, currency: 'EUR' }), 'exists_with_different_currency'],
      [plain({ ...original, code: 4 }), 'exists_with_different_code'],
      [
        plain({ ...original, effectiveAt: new Date(books.clock.now().getTime() - 1) }),
        'exists_with_different_effective_at',
      ],
      // The amount is compared before the code.
      [plain({ ...original, amountMinor: 5n, code: 9 }), 'exists_with_different_amount'],
      [plain({ ...original }), 'exists'],
    ];
    const results = await submit(
      books,
      variants.map(([event]) => event),
    );
    expect(results.map((result) => result.status)).toEqual(variants.map(([, status]) => status));
    expect(await balancesOf(books, merchant)).toMatchObject({ creditsPosted: 100n });
  });

  it('stores metadata up to the bound faithfully and compares it by content, not key order', async () => {
    const books = context.books();
    const { bank, merchant } = await openStandardAccounts(books);
    const rich = { z: [1, 2.5, -3, null, true], a: { nested: 'Café ☕ 北京 🚀' }, m: '' };
    const reordered = { m: '', a: { nested: 'Café ☕ 北京 🚀' }, z: [1, 2.5, -3, null, true] };
    const atBound = { note: 'x'.repeat(LEDGER_METADATA_MAX_BYTES - jsonByteLength({ note: '' })) };
    expect(jsonByteLength(atBound)).toBe(LEDGER_METADATA_MAX_BYTES);
    const richEvent = transferEvent({
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 1n,
      metadata: rich,
    });
    const [first, bound] = await submit(books, [
      richEvent,
      transferEvent({
        debitAccountId: bank,
        creditAccountId: merchant,
        amountMinor: 2n,
        metadata: atBound,
      }),
    ]);
    expect([first?.status, bound?.status]).toEqual(['created', 'created']);
    const stored = unwrapOrThrow(
      await books.ledger.lookupTransfers(books.tenantId, [first?.id ?? '', bound?.id ?? '']),
    );
    expect(stored.map((transfer) => transfer?.metadata)).toEqual([rich, atBound]);
    const retry = await submitOne(books, {
      kind: 'transfer',
      transfer: {
        ...(richEvent.kind === 'transfer' ? richEvent.transfer : { id: '' }),
        metadata: reordered,
      },
    });
    expect(retry.status).toBe('exists');
    const event = (await outboxEvents(books)).find(
      (outbox) => outbox.payload['transferId'] === first?.id,
    );
    expect(event?.payload['metadata']).toEqual(rich);
  });

  it('burns the id of a transient failure: a retry answers `id_already_failed` even once it could succeed', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    const overdraw = transferEvent({
      debitAccountId: wallet,
      creditAccountId: merchant,
      amountMinor: 50n,
    });
    expect((await submitOne(books, overdraw)).status).toBe('exceeds_credits');
    await move(books, bank, wallet, 100n);
    expect((await submitOne(books, overdraw)).status).toBe('id_already_failed');
    const single = unwrapOrThrow(await books.ledger.createTransfer(books.tenantId, overdraw));
    expect(single.status).toBe('id_already_failed');

    const later = newAccountId();
    const toNowhere = transferEvent({
      debitAccountId: bank,
      creditAccountId: later,
      amountMinor: 5n,
    });
    expect((await submitOne(books, toNowhere)).status).toBe('credit_account_not_found');
    unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [accountInput({ id: later })]));
    expect((await submitOne(books, toNowhere)).status).toBe('id_already_failed');

    // A validation failure does not burn the id: the corrected request succeeds.
    const id = newTransferId();
    const zero = transferEvent({
      id,
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 0n,
    });
    expect((await submitOne(books, zero)).status).toBe('amount_must_be_positive');
    const fixed = transferEvent({
      id,
      debitAccountId: bank,
      creditAccountId: merchant,
      amountMinor: 9n,
    });
    expect((await submitOne(books, fixed)).status).toBe('created');

    expect(await balancesOf(books, wallet)).toEqual({
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 100n,
    });
    const [burned] = unwrapOrThrow(
      await books.ledger.lookupTransfers(books.tenantId, [
        overdraw.kind === 'transfer' ? overdraw.transfer.id : '',
      ]),
    );
    expect(burned).toBeNull();
  });

  it('enforces both limit flags, holds included, and lets a transfer reach the limit exactly', async () => {
    const books = context.books();
    const { bank, wallet, merchant, receivable } = await openStandardAccounts(books);
    await move(books, bank, wallet, 100n);
    const hold = await submitOne(
      books,
      transferEvent({
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 80n,
        flags: { pending: true },
      }),
    );
    expect(hold.status).toBe('created');
    const statuses = (
      await submit(books, [
        transferEvent({ debitAccountId: wallet, creditAccountId: merchant, amountMinor: 21n }),
        transferEvent({ debitAccountId: wallet, creditAccountId: merchant, amountMinor: 20n }),
        transferEvent({ debitAccountId: wallet, creditAccountId: merchant, amountMinor: 1n }),
        // Credits of an asset that must not exceed its debits.
        transferEvent({ debitAccountId: merchant, creditAccountId: receivable, amountMinor: 1n }),
      ])
    ).map((result) => result.status);
    expect(statuses).toEqual(['exceeds_credits', 'created', 'exceeds_credits', 'exceeds_debits']);
    await move(books, receivable, bank, 30n);
    expect(
      (
        await submitOne(
          books,
          transferEvent({
            debitAccountId: merchant,
            creditAccountId: receivable,
            amountMinor: 30n,
          }),
        )
      ).status,
    ).toBe('created');
    const [walletAccount, receivableAccount] = await accountsOf(books, [wallet, receivable]);
    expect(walletAccount?.balances).toEqual({
      debitsPending: 80n,
      debitsPosted: 20n,
      creditsPending: 0n,
      creditsPosted: 100n,
    });
    expect(receivableAccount?.balances).toMatchObject({ debitsPosted: 30n, creditsPosted: 30n });
  });

  it('enforces floors and ceilings on the net balance, reaching them exactly', async () => {
    const books = context.books();
    const { bank, merchant, overdraft, capped } = await openStandardAccounts(books);
    const results = await submit(books, [
      // Overdraft (credit-normal, floor -500): debits lower its net balance.
      transferEvent({ debitAccountId: overdraft, creditAccountId: merchant, amountMinor: 300n }),
      transferEvent({ debitAccountId: overdraft, creditAccountId: merchant, amountMinor: 201n }),
      transferEvent({ debitAccountId: overdraft, creditAccountId: merchant, amountMinor: 200n }),
      transferEvent({ debitAccountId: overdraft, creditAccountId: merchant, amountMinor: 1n }),
      // Capped (credit-normal, ceiling 1000): credits raise it; a hold counts at once.
      transferEvent({
        debitAccountId: bank,
        creditAccountId: capped,
        amountMinor: 600n,
        flags: { pending: true },
      }),
      transferEvent({ debitAccountId: bank, creditAccountId: capped, amountMinor: 401n }),
      transferEvent({ debitAccountId: bank, creditAccountId: capped, amountMinor: 400n }),
      transferEvent({ debitAccountId: bank, creditAccountId: capped, amountMinor: 1n }),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'created',
      'exceeds_floor',
      'created',
      'exceeds_floor',
      'created',
      'exceeds_ceiling',
      'created',
      'exceeds_ceiling',
    ]);
    const [overdraftBalance, cappedBalance] = await Promise.all([
      books.ledger.balance(books.tenantId, overdraft),
      books.ledger.balance(books.tenantId, capped),
    ]);
    expect(unwrapOrThrow(overdraftBalance).postedMinor).toBe(-500n);
    expect(unwrapOrThrow(cappedBalance).balances).toMatchObject({
      creditsPending: 600n,
      creditsPosted: 400n,
    });
  });

  it('refuses transfers touching a closed account until the closing transfer is voided', async () => {
    const books = context.books();
    const { bank, merchant } = await openStandardAccounts(books);
    await move(books, bank, merchant, 40n);
    const closing = await submitOne(
      books,
      transferEvent({
        debitAccountId: merchant,
        creditAccountId: bank,
        amountMinor: 0n,
        flags: { pending: true, closingDebit: true },
      }),
    );
    expect(closing.status).toBe('created');
    const [closed] = await accountsOf(books, [merchant]);
    expect(closed?.status).toBe('closed');
    const before = await snapshotBooks(books, [bank, merchant]);
    const refused = await submit(books, [
      transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 5n }),
      transferEvent({ debitAccountId: merchant, creditAccountId: bank, amountMinor: 5n }),
    ]);
    expect(refused.map((result) => result.status)).toEqual([
      'credit_account_already_closed',
      'debit_account_already_closed',
    ]);
    const after = await snapshotBooks(books, [bank, merchant]);
    expect(after.balances).toEqual(before.balances);
    expect(after.statements).toEqual(before.statements);
    expect(after.outbox).toBe(before.outbox);
    const reopen = await submitOne(
      books,
      transferEvent({ pendingId: closing.id, flags: { voidPending: true } }),
    );
    expect(reopen.status).toBe('created');
    const [reopened] = await accountsOf(books, [merchant]);
    expect(reopened?.status).toBe('open');
    // The refused ids stay burned; new ones go through.
    const retried = await submit(books, [
      transferEvent({
        id: refused[0]?.id ?? '',
        debitAccountId: bank,
        creditAccountId: merchant,
        amountMinor: 5n,
      }),
      transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 5n }),
    ]);
    expect(retried.map((result) => result.status)).toEqual(['id_already_failed', 'created']);
  });

  it('creates an account closed: it refuses every transfer, and a retry compares closed with its state', async () => {
    const books = context.books();
    const { bank } = await openStandardAccounts(books);
    const imported = accountInput({ name: 'Imported, dormant', flags: { closed: true } });
    const [created] = unwrapOrThrow(await books.ledger.createAccounts(books.tenantId, [imported]));
    expect(created?.status).toBe('created');
    expect(created?.account?.status).toBe('closed');
    const refused = await submit(books, [
      transferEvent({ debitAccountId: bank, creditAccountId: imported.id, amountMinor: 5n }),
      transferEvent({
        debitAccountId: imported.id,
        creditAccountId: bank,
        amountMinor: 5n,
        flags: { pending: true },
      }),
    ]);
    expect(refused.map((result) => result.status)).toEqual([
      'credit_account_already_closed',
      'debit_account_already_closed',
    ]);
    expect(await balancesOf(books, imported.id)).toEqual(ZERO_BALANCES);
    const retries = unwrapOrThrow(
      await books.ledger.createAccounts(books.tenantId, [
        imported,
        { ...imported, flags: { closed: false } },
      ]),
    );
    expect(retries.map((result) => result.status)).toEqual([
      'exists',
      'exists_with_different_flags',
    ]);
  });

  it("treats another tenant's account as not found and leaves it untouched", async () => {
    const books = context.books();
    const other = context.books();
    const theirs = await openStandardAccounts(other);
    const theirMove = await move(other, theirs.bank, theirs.merchant, 10n);
    const mine = await openStandardAccounts(books);
    const theirsBefore = await snapshotBooks(other, standardIds(theirs));
    const results = await submit(books, [
      transferEvent({
        debitAccountId: theirs.bank,
        creditAccountId: mine.merchant,
        amountMinor: 1n,
      }),
      transferEvent({
        debitAccountId: mine.bank,
        creditAccountId: theirs.merchant,
        amountMinor: 1n,
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'debit_account_not_found',
      'credit_account_not_found',
    ]);
    expect(await snapshotBooks(other, standardIds(theirs))).toEqual(theirsBefore);
    expect(await balancesOf(books, mine.bank)).toMatchObject({ debitsPosted: 0n });
    // Their records cannot be read from here either.
    expect(
      unwrapOrThrow(await books.ledger.lookupTransfers(books.tenantId, [theirMove.id])),
    ).toEqual([null]);
    const statement = await books.ledger.statement(books.tenantId, theirs.merchant);
    expect(statement.isErr() && statement.error.type).toBe('ledger.account_not_found');
    // The refusals burned their ids, recorded by a failed leaf in this tenant's log only.
    const failedLeaves = (await auditLeaves(books)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    expect(failedLeaves.map((leaf) => leaf.outcome)).toEqual(['failed']);
    const theirLeaves = (await auditLeaves(other)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    expect(theirLeaves.map((leaf) => leaf.outcome)).toEqual(['succeeded']);
  });
}
