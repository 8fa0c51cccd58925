import { type Id, unwrapOrThrow } from '@strongroom/kernel';
import {
  LEDGER_EVENT_TYPES,
  LEDGER_POSTINGS_MAX,
  type LedgerEvent,
  type PostingInput,
  type TransferStatus,
} from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  accountsOf,
  balancesOf,
  fullStatement,
  journalEvent,
  move,
  newAccountId,
  openStandardAccounts,
  outboxEvents,
  snapshotBooks,
  standardIds,
  submit,
  submitOne,
  transferEvent,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';

function debit(accountId: Id<'acc'>, amountMinor: bigint): PostingInput {
  return { accountId, side: 'debit', amountMinor };
}

function credit(accountId: Id<'acc'>, amountMinor: bigint): PostingInput {
  return { accountId, side: 'credit', amountMinor };
}

/** Multi-leg journal entries (balanced per currency, pending as a whole) and balancing transfers. */
export function defineJournalCases(context: LedgerSuiteContext): void {
  it('commits a multi-leg entry balanced per currency, one statement line per leg', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const { bank, merchant, capped, euroBank, euroWallet } = accounts;
    const postings = [
      debit(bank, 100n),
      credit(merchant, 70n),
      credit(capped, 30n),
      debit(euroBank, 50n),
      credit(euroWallet, 50n),
    ];
    const event = journalEvent({ postings, code: 12, metadata: { fx: 'none' } });
    const result = await submitOne(books, event);
    expect(result.status).toBe('created');
    expect(result.transfer).toBeNull();
    expect(result.journal?.postings).toEqual(postings);
    expect(result.accounts.map((entry) => entry.accountId)).toEqual(
      postings.map((posting) => posting.accountId),
    );
    const [stored] = unwrapOrThrow(
      await books.ledger.lookupJournalEntries(books.tenantId, [result.id]),
    );
    expect(stored).toMatchObject({ id: result.id, code: 12, metadata: { fx: 'none' } });
    expect(unwrapOrThrow(await books.ledger.lookupTransfers(books.tenantId, [result.id]))).toEqual([
      null,
    ]);
    const all = await accountsOf(books, standardIds(accounts));
    for (const currency of ['USD', 'EUR']) {
      const inCurrency = all.filter((account) => account.currency === currency);
      const debits = inCurrency.reduce((sum, account) => sum + account.balances.debitsPosted, 0n);
      const credits = inCurrency.reduce((sum, account) => sum + account.balances.creditsPosted, 0n);
      expect(debits).toBe(credits);
    }
    expect(await balancesOf(books, euroWallet)).toMatchObject({ creditsPosted: 50n });
    for (const posting of postings) {
      const lines = await fullStatement(books, posting.accountId);
      expect(
        lines.map((line) => [line.entry.transferId, line.entry.side, line.entry.amountMinor]),
      ).toEqual([[result.id, posting.side, posting.amountMinor]]);
    }
    expect((await submitOne(books, event)).status).toBe('exists');
    const changed = journalEvent({
      id: result.id,
      code: 12,
      metadata: { fx: 'none' },
      postings: [debit(bank, 100n), credit(merchant, 100n)],
    });
    expect((await submitOne(books, changed)).status).toBe('exists_with_different_postings');
    const types = (await outboxEvents(books)).map((outbox) => outbox.type);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.journalCreated)).toHaveLength(1);
  });

  it('refuses entries that do not balance, break a limit or are malformed, changing nothing', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const { bank, wallet, merchant, euroBank, euroWallet } = accounts;
    // The count is checked before any posting is read: a hostile array is never walked.
    const tooMany = Array.from({ length: LEDGER_POSTINGS_MAX + 1 }, () => debit(bank, 1n));
    const before = await snapshotBooks(books, standardIds(accounts));
    const cases: [LedgerEvent, TransferStatus][] = [
      [
        journalEvent({ postings: [debit(bank, 10n), credit(merchant, 9n)] }),
        'postings_must_balance',
      ],
      // Balanced in total, not per currency: amounts of two currencies never offset.
      [
        journalEvent({ postings: [debit(bank, 10n), credit(euroWallet, 10n)] }),
        'postings_must_balance',
      ],
      [
        journalEvent({
          postings: [
            debit(bank, 10n),
            credit(merchant, 5n),
            debit(euroBank, 5n),
            credit(merchant, 10n),
          ],
        }),
        'accounts_must_be_different',
      ],
      [journalEvent({ postings: [debit(bank, 10n)] }), 'too_few_postings'],
      [journalEvent({ postings: tooMany }), 'too_many_postings'],
      [
        journalEvent({ postings: [debit(bank, 0n), credit(merchant, 0n)] }),
        'amount_must_be_positive',
      ],
      [
        journalEvent({ postings: [debit(bank, 1n), credit(newAccountId(), 1n)] }),
        'credit_account_not_found',
      ],
      [journalEvent({ postings: [debit(wallet, 1n), credit(merchant, 1n)] }), 'exceeds_credits'],
    ];
    const results = await submit(
      books,
      cases.map(([event]) => event),
    );
    expect(results.map((result) => result.status)).toEqual(cases.map(([, status]) => status));
    const after = await snapshotBooks(books, standardIds(accounts));
    expect(after.balances).toEqual(before.balances);
    expect(after.statements).toEqual(before.statements);
    expect(after.outbox).toBe(before.outbox);
  });

  it('holds a pending entry as a whole and posts or voids it as a whole, once', async () => {
    const books = context.books();
    const { bank, wallet, merchant } = await openStandardAccounts(books);
    await move(books, bank, wallet, 1000n);
    const legs = [debit(wallet, 100n), credit(merchant, 90n), credit(bank, 10n)];
    const pending = await submitOne(
      books,
      journalEvent({ postings: legs, flags: { pending: true } }),
    );
    expect(pending.status).toBe('created');
    expect(await balancesOf(books, wallet)).toMatchObject({ debitsPending: 100n });
    const mismatched = await submitOne(
      books,
      journalEvent({
        pendingId: pending.id,
        postings: [debit(wallet, 100n), credit(merchant, 100n)],
        flags: { postPending: true },
      }),
    );
    expect(mismatched.status).toBe('pending_transfer_has_different_postings');
    const posted = await submitOne(
      books,
      journalEvent({ pendingId: pending.id, flags: { postPending: true } }),
    );
    expect(posted.status).toBe('created');
    expect(await balancesOf(books, wallet)).toMatchObject({
      debitsPending: 0n,
      debitsPosted: 100n,
    });
    expect(await balancesOf(books, merchant)).toMatchObject({
      creditsPending: 0n,
      creditsPosted: 90n,
    });
    const twice = await submitOne(
      books,
      journalEvent({ pendingId: pending.id, flags: { voidPending: true } }),
    );
    expect(twice.status).toBe('pending_transfer_already_posted');

    const second = await submitOne(
      books,
      journalEvent({ postings: legs, flags: { pending: true } }),
    );
    const voided = await submitOne(
      books,
      journalEvent({ pendingId: second.id, flags: { voidPending: true } }),
    );
    expect(voided.status).toBe('created');
    expect(await balancesOf(books, wallet)).toMatchObject({
      debitsPending: 0n,
      debitsPosted: 100n,
    });
    const [first, other] = unwrapOrThrow(
      await books.ledger.lookupJournalEntries(books.tenantId, [pending.id, second.id]),
    );
    expect([first?.pendingStatus, other?.pendingStatus]).toEqual(['posted', 'voided']);
    // A transfer cannot resolve a pending journal entry.
    const wrongKind = await submitOne(
      books,
      transferEvent({ pendingId: second.id, flags: { voidPending: true } }),
    );
    expect(wrongKind.status).toBe('pending_transfer_has_different_kind');
    const types = (await outboxEvents(books)).map((outbox) => outbox.type);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.journalPosted)).toHaveLength(1);
    expect(types.filter((type) => type === LEDGER_EVENT_TYPES.journalVoided)).toHaveLength(1);
  });

  it('clamps balancing transfers to what the limits allow, storing the clamped amount', async () => {
    const books = context.books();
    const { bank, wallet, merchant, capped } = await openStandardAccounts(books);
    await move(books, bank, wallet, 300n);
    await move(books, bank, merchant, 40n);
    const [drain, empty, fill, unlimited] = await submit(books, [
      // Sweep everything the guarded wallet holds.
      transferEvent({
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 1000n,
        flags: { balancingDebit: true },
      }),
      transferEvent({
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 1000n,
        flags: { balancingDebit: true },
      }),
      // Top up the capped account to its ceiling.
      transferEvent({
        debitAccountId: bank,
        creditAccountId: capped,
        amountMinor: 5000n,
        flags: { balancingCredit: true },
      }),
      // Without a limit, a balancing debit takes at most the account's balance (TigerBeetle).
      transferEvent({
        debitAccountId: merchant,
        creditAccountId: bank,
        amountMinor: 1000n,
        flags: { balancingDebit: true },
      }),
    ]);
    expect([drain, empty, fill, unlimited].map((result) => result?.status)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    expect([drain, empty, fill, unlimited].map((result) => result?.transfer?.amountMinor)).toEqual([
      300n,
      0n,
      1000n,
      340n,
    ]);
    expect(await balancesOf(books, wallet)).toMatchObject({
      debitsPosted: 300n,
      creditsPosted: 300n,
    });
    expect(unwrapOrThrow(await books.ledger.balance(books.tenantId, capped)).postedMinor).toBe(
      1000n,
    );
    // The request's amount is an upper bound: a retry with the same id is the same transfer.
    const retry = await submitOne(
      books,
      transferEvent({
        id: drain?.id ?? '',
        debitAccountId: wallet,
        creditAccountId: merchant,
        amountMinor: 1000n,
        flags: { balancingDebit: true },
      }),
    );
    expect(retry.status).toBe('exists');
    expect(retry.transfer?.amountMinor).toBe(300n);
  });
}
