import { encodeCursor, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  accountId,
  createLedgerHarness,
  type LedgerHarness,
  openAccounts,
  transfer,
  transferId,
} from './ledger-fixture.js';

async function history(harness: LedgerHarness) {
  const [bank, wallet, euroBank, euroWallet] = await openAccounts(harness, [
    { type: 'asset', name: 'Bank' },
    { name: 'Wallet' },
    { type: 'asset', name: 'Euro bank', currency: 'EUR' },
    { name: 'Euro wallet', currency: 'EUR' },
  ]);
  if (!bank || !wallet || !euroBank || !euroWallet) throw new Error('four');
  const start = harness.clock.now();
  // Five deposits a minute apart, with codes 1, 2, 1, 2, 1; the fourth is backdated a day.
  const ids: string[] = [];
  for (let index = 0; index < 5; index += 1) {
    const event = transfer({
      debitAccountId: bank,
      creditAccountId: wallet,
      amountMinor: 100n * BigInt(index + 1),
      code: (index % 2) + 1,
      ...(index === 3 ? { effectiveAt: new Date(start.getTime() - 86_400_000) } : {}),
    });
    const [result] = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, [event]));
    ids.push(result?.id ?? '');
    harness.clock.advance(60_000);
  }
  unwrapOrThrow(
    await harness.ledger.createTransfers(harness.tenantId, [
      transfer({
        debitAccountId: euroBank,
        creditAccountId: euroWallet,
        amountMinor: 42n,
        currency: 'EUR',
      }),
    ]),
  );
  return { bank, wallet, euroBank, euroWallet, start, ids };
}

describe('queries', () => {
  it('reads the balance now and at an instant by insertion time', async () => {
    const harness = createLedgerHarness();
    const { wallet, start } = await history(harness);
    const now = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(now).toMatchObject({
      basis: 'current',
      at: null,
      postedMinor: 1500n,
      availableMinor: 1500n,
    });
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const readAt = async (instant: Date) =>
      unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet, { at: instant }))
        .postedMinor;
    expect(await readAt(new Date(start.getTime() - 1))).toBe(0n);
    expect(await readAt(at(0))).toBe(100n);
    expect(await readAt(at(1))).toBe(300n);
    expect(await readAt(new Date(at(2).getTime() + 30_000))).toBe(600n);
    expect(await readAt(at(10))).toBe(1500n);
  });

  it('answers concurrent current balances of a tenant from one read where reads are shared, each its own account', async () => {
    const harness = createLedgerHarness({ sharedTransactions: true });
    const { bank, wallet, euroWallet } = await history(harness);
    const unknown = accountId();
    const before = harness.storage.counts.transactions;
    const answers = await Promise.all(
      [wallet, euroWallet, bank, unknown, wallet].map((id) =>
        harness.ledger.balance(harness.tenantId, id),
      ),
    );
    expect(harness.storage.counts.transactions - before).toBe(1);
    expect(
      answers.slice(0, 3).map((answer) => {
        const { accountId: id, currency, postedMinor } = answer._unsafeUnwrap();
        return { id, currency, postedMinor };
      }),
    ).toEqual([
      { id: wallet, currency: 'USD', postedMinor: 1500n },
      { id: euroWallet, currency: 'EUR', postedMinor: 42n },
      { id: bank, currency: 'USD', postedMinor: 1500n },
    ]);
    expect(answers[3]?._unsafeUnwrapErr()).toEqual({
      type: 'ledger.account_not_found',
      accountId: unknown,
    });
    expect(answers[4]?._unsafeUnwrap()).toEqual(answers[0]?._unsafeUnwrap());
    // A transfer committed before the next call is in its answer.
    unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 5n }),
      ]),
    );
    const after = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(after.postedMinor).toBe(1505n);
  });

  it('reads the balance at an instant by effective time, backdating included', async () => {
    const harness = createLedgerHarness();
    const { wallet, start } = await history(harness);
    const effective = async (instant: Date) =>
      unwrapOrThrow(
        await harness.ledger.balance(harness.tenantId, wallet, { at: instant, basis: 'effective' }),
      ).postedMinor;
    // Before any insertion, the books already hold the backdated fourth deposit.
    expect(await effective(new Date(start.getTime() - 1))).toBe(400n);
    expect(await effective(new Date(start.getTime() + 60_000))).toBe(100n + 200n + 400n);
    const inserted = unwrapOrThrow(
      await harness.ledger.balance(harness.tenantId, wallet, { at: new Date(start.getTime() - 1) }),
    );
    expect(inserted.postedMinor).toBe(0n);
  });

  it('pages a statement with the running balance after each line', async () => {
    const harness = createLedgerHarness();
    const { wallet, ids } = await history(harness);
    const first = unwrapOrThrow(
      await harness.ledger.statement(harness.tenantId, wallet, { limit: 2 }),
    );
    expect(first.items.map((line) => line.postedMinor)).toEqual([100n, 300n]);
    expect(first.next).not.toBeNull();
    const second = unwrapOrThrow(
      await harness.ledger.statement(harness.tenantId, wallet, {
        limit: 2,
        after: first.next ?? '',
      }),
    );
    const third = unwrapOrThrow(
      await harness.ledger.statement(harness.tenantId, wallet, {
        limit: 2,
        after: second.next ?? '',
      }),
    );
    expect(second.items.map((line) => line.postedMinor)).toEqual([600n, 1000n]);
    expect(third.items.map((line) => line.postedMinor)).toEqual([1500n]);
    expect(third.next).toBeNull();
    expect(
      [...first.items, ...second.items, ...third.items].map((line) => line.entry.transferId),
    ).toEqual(ids);
  });

  it('lists the transfers of an account in the order they touched it', async () => {
    const harness = createLedgerHarness();
    const { wallet, ids } = await history(harness);
    const page = unwrapOrThrow(
      await harness.ledger.transfersByAccount(harness.tenantId, wallet, { limit: 3 }),
    );
    expect(
      page.items.map((item) => (item.kind === 'transfer' ? item.transfer.id : item.journal.id)),
    ).toEqual(ids.slice(0, 3));
    const rest = unwrapOrThrow(
      await harness.ledger.transfersByAccount(harness.tenantId, wallet, {
        limit: 3,
        after: page.next ?? '',
      }),
    );
    expect(rest.items).toHaveLength(2);
    expect(rest.next).toBeNull();
  });

  it('queries transfers by code and insertion time range, page by page', async () => {
    const harness = createLedgerHarness();
    const { start, ids } = await history(harness);
    const idOf = (item: { kind: string; transfer?: { id: string }; journal?: { id: string } }) =>
      item.transfer?.id ?? item.journal?.id;
    const codeOne = unwrapOrThrow(
      await harness.ledger.queryTransfers(harness.tenantId, { code: 1, limit: 2 }),
    );
    expect(codeOne.items.map(idOf)).toEqual([ids[0], ids[2]]);
    const more = unwrapOrThrow(
      await harness.ledger.queryTransfers(harness.tenantId, {
        code: 1,
        limit: 2,
        after: codeOne.next ?? '',
      }),
    );
    // The euro deposit has code 1 too and comes last.
    expect(more.items).toHaveLength(2);
    expect(idOf(more.items[0] as never)).toBe(ids[4]);
    const range = unwrapOrThrow(
      await harness.ledger.queryTransfers(harness.tenantId, {
        from: new Date(start.getTime() + 60_000),
        to: new Date(start.getTime() + 3 * 60_000),
      }),
    );
    expect(range.items.map(idOf)).toEqual([ids[1], ids[2]]);
    expect(range.next).toBeNull();
  });

  it('sums balances per currency, never across currencies', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet, euroBank, euroWallet } = await history(harness);
    const totals = unwrapOrThrow(
      await harness.ledger.aggregateBalances(harness.tenantId, [
        wallet,
        euroWallet,
        bank,
        euroBank,
        wallet,
      ]),
    );
    expect(totals).toEqual([
      {
        currency: 'EUR',
        accounts: 2,
        balances: { debitsPending: 0n, debitsPosted: 42n, creditsPending: 0n, creditsPosted: 42n },
      },
      {
        currency: 'USD',
        accounts: 2,
        balances: {
          debitsPending: 0n,
          debitsPosted: 1500n,
          creditsPending: 0n,
          creditsPosted: 1500n,
        },
      },
    ]);
    const unknown = accountId();
    const missing = await harness.ledger.aggregateBalances(harness.tenantId, [wallet, unknown]);
    expect(missing.isErr() && missing.error).toEqual({
      type: 'ledger.account_not_found',
      accountId: unknown,
    });
  });

  it('looks up by id, null for unknown ids, and refuses malformed ones with a typed error', async () => {
    const harness = createLedgerHarness();
    const { wallet, ids } = await history(harness);
    const accounts = unwrapOrThrow(
      await harness.ledger.lookupAccounts(harness.tenantId, [accountId(), wallet]),
    );
    expect(accounts.map((account) => account?.id ?? null)).toEqual([null, wallet]);
    const transfers = unwrapOrThrow(
      await harness.ledger.lookupTransfers(harness.tenantId, [ids[0] ?? '', transferId()]),
    );
    expect(transfers.map((found) => found?.id ?? null)).toEqual([ids[0], null]);
    const journals = unwrapOrThrow(
      await harness.ledger.lookupJournalEntries(harness.tenantId, [ids[0] ?? '']),
    );
    expect(journals).toEqual([null]);
    const refused = await harness.ledger.lookupAccounts(harness.tenantId, [wallet, ids[0] ?? '']);
    expect(refused.isErr() && refused.error).toEqual({
      type: 'validation',
      field: 'ids[1]',
      reason: 'wrong_prefix',
    });
  });

  it('refuses bad query input with typed errors', async () => {
    const harness = createLedgerHarness();
    const { wallet } = await history(harness);
    const cases = [
      [harness.ledger.balance(harness.tenantId, 'acc_nope'), 'accountId'],
      [harness.ledger.balance(harness.tenantId, wallet, { at: new Date(Number.NaN) }), 'at'],
      [harness.ledger.statement(harness.tenantId, wallet, { limit: 0 }), 'limit'],
      [harness.ledger.statement(harness.tenantId, wallet, { after: encodeCursor('x') }), 'after'],
      [harness.ledger.queryTransfers(harness.tenantId, { code: 0 }), 'code'],
      [
        harness.ledger.queryTransfers(harness.tenantId, { after: encodeCursor('elsewhere') }),
        'after',
      ],
    ] as const;
    for (const [pending, field] of cases) {
      const outcome = await pending;
      expect(outcome.isErr() && outcome.error).toMatchObject({ type: 'validation', field });
    }
    const missing = await harness.ledger.statement(harness.tenantId, accountId());
    expect(missing.isErr() && missing.error.type).toBe('ledger.account_not_found');
  });
});
