import { encodeCursor, unwrapOrThrow } from '@strongroom/kernel';
import type { StatementLine, StoredMovement } from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  move,
  newAccountId,
  openStandardAccounts,
  type StandardAccounts,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';
import type { SuiteLedger } from './suite-ledger.js';

interface History {
  readonly accounts: StandardAccounts;
  readonly start: Date;
  /** Deposit ids into the merchant, in order. */
  readonly ids: string[];
}

// Five deposits into the merchant a minute apart (100, 200, 300, 400, 500; codes 1, 2, 1, 2, 1),
// the fourth backdated a day, then a withdrawal of 50 and a EUR deposit.
async function history(books: SuiteLedger): Promise<History> {
  const accounts = await openStandardAccounts(books);
  const start = books.clock.now();
  const ids: string[] = [];
  for (let index = 0; index < 5; index += 1) {
    const result = await move(books, accounts.bank, accounts.merchant, 100n * BigInt(index + 1), {
      code: (index % 2) + 1,
      ...(index === 3 ? { effectiveAt: new Date(start.getTime() - 86_400_000) } : {}),
    });
    ids.push(result.id);
    books.clock.advance(60_000);
  }
  const withdrawal = await move(books, accounts.merchant, accounts.bank, 50n, { code: 3 });
  ids.push(withdrawal.id);
  await move(books, accounts.euroBank, accounts.euroWallet, 42n, { currency: 'EUR' });
  return { accounts, start, ids };
}

function idOf(movement: StoredMovement): string {
  return movement.kind === 'transfer' ? movement.transfer.id : movement.journal.id;
}

/** Statements with running balances and cursors, point-in-time balances, listings, aggregates. */
export function defineQueryCases(context: LedgerSuiteContext): void {
  it('pages a statement by cursor with the running balance after every line', async () => {
    const books = context.books();
    const { accounts, ids } = await history(books);
    const lines: StatementLine[] = [];
    const pageSizes: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const read = unwrapOrThrow(
        await books.ledger.statement(books.tenantId, accounts.merchant, {
          limit: 4,
          ...(after === undefined ? {} : { after }),
        }),
      );
      lines.push(...read.items);
      pageSizes.push(read.items.length);
      if (read.next === null) break;
      after = read.next;
    }
    expect(pageSizes).toEqual([4, 2]);
    expect(lines.map((line) => line.entry.transferId)).toEqual(ids);
    expect(lines.map((line) => line.entry.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines.map((line) => line.postedMinor)).toEqual([100n, 300n, 600n, 1000n, 1500n, 1450n]);
    expect(lines.map((line) => line.availableMinor)).toEqual(lines.map((line) => line.postedMinor));
    // Each running balance is the previous one plus the line's own change.
    let credits = 0n;
    let debits = 0n;
    for (const line of lines) {
      if (line.entry.side === 'credit') credits += line.entry.amountMinor;
      else debits += line.entry.amountMinor;
      expect(line.entry.balancesAfter).toEqual({
        debitsPending: 0n,
        debitsPosted: debits,
        creditsPending: 0n,
        creditsPosted: credits,
      });
    }
    // A cursor stays valid: the second page reads the same after more lines are added.
    await move(books, accounts.bank, accounts.merchant, 1n);
    const first = unwrapOrThrow(
      await books.ledger.statement(books.tenantId, accounts.merchant, { limit: 4 }),
    );
    const second = unwrapOrThrow(
      await books.ledger.statement(books.tenantId, accounts.merchant, {
        limit: 4,
        after: first.next ?? '',
      }),
    );
    expect(second.items.map((line) => line.entry.sequence)).toEqual([5, 6, 7]);
    expect(second.next).toBeNull();
  });

  it('reads balances at an instant by insertion time and by effective time', async () => {
    const books = context.books();
    const { accounts, start } = await history(books);
    const minute = (count: number) => new Date(start.getTime() + count * 60_000);
    const inserted = async (at: Date) =>
      unwrapOrThrow(await books.ledger.balance(books.tenantId, accounts.merchant, { at }))
        .postedMinor;
    const effective = async (at: Date) =>
      unwrapOrThrow(
        await books.ledger.balance(books.tenantId, accounts.merchant, { at, basis: 'effective' }),
      ).postedMinor;
    expect(await inserted(new Date(start.getTime() - 1))).toBe(0n);
    expect(await inserted(minute(0))).toBe(100n);
    expect(await inserted(new Date(minute(2).getTime() + 30_000))).toBe(600n);
    expect(await inserted(minute(5))).toBe(1450n);
    // By the books, the backdated fourth deposit was there before anything was inserted.
    expect(await effective(new Date(start.getTime() - 1))).toBe(400n);
    expect(await effective(minute(1))).toBe(100n + 200n + 400n);
    expect(await effective(minute(5))).toBe(1450n);
    const now = unwrapOrThrow(await books.ledger.balance(books.tenantId, accounts.merchant));
    expect(now).toMatchObject({ basis: 'current', at: null, postedMinor: 1450n });
  });

  it('lists movements by account and by code, and sums balances per currency only', async () => {
    const books = context.books();
    const { accounts, ids, start } = await history(books);
    const byAccount = unwrapOrThrow(
      await books.ledger.transfersByAccount(books.tenantId, accounts.merchant, { limit: 3 }),
    );
    expect(byAccount.items.map(idOf)).toEqual(ids.slice(0, 3));
    const rest = unwrapOrThrow(
      await books.ledger.transfersByAccount(books.tenantId, accounts.merchant, {
        limit: 3,
        after: byAccount.next ?? '',
      }),
    );
    expect(rest.items.map(idOf)).toEqual(ids.slice(3));
    expect(rest.next).toBeNull();
    const range = unwrapOrThrow(
      await books.ledger.queryTransfers(books.tenantId, {
        from: new Date(start.getTime() + 60_000),
        to: new Date(start.getTime() + 3 * 60_000),
      }),
    );
    expect(range.items.map(idOf)).toEqual([ids[1], ids[2]]);
    const codeTwo = unwrapOrThrow(await books.ledger.queryTransfers(books.tenantId, { code: 2 }));
    expect(codeTwo.items.map(idOf)).toEqual([ids[1], ids[3]]);
    const totals = unwrapOrThrow(
      await books.ledger.aggregateBalances(books.tenantId, [
        accounts.merchant,
        accounts.euroWallet,
        accounts.bank,
        accounts.euroBank,
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
          debitsPosted: 1550n,
          creditsPending: 0n,
          creditsPosted: 1550n,
        },
      },
    ]);
  });

  it('refuses bad query input with typed errors', async () => {
    const books = context.books();
    const { accounts } = await history(books);
    const unknown = newAccountId();
    const cases = [
      [books.ledger.balance(books.tenantId, 'acc_nope'), { type: 'validation' }],
      [
        books.ledger.balance(books.tenantId, accounts.merchant, { at: new Date(Number.NaN) }),
        { type: 'validation', field: 'at' },
      ],
      [
        books.ledger.statement(books.tenantId, accounts.merchant, { limit: 0 }),
        { type: 'validation', field: 'limit' },
      ],
      [
        books.ledger.statement(books.tenantId, accounts.merchant, { after: encodeCursor('x') }),
        { type: 'validation', field: 'after' },
      ],
      [books.ledger.statement(books.tenantId, unknown), { type: 'ledger.account_not_found' }],
      [books.ledger.balance(books.tenantId, unknown), { type: 'ledger.account_not_found' }],
    ] as const;
    for (const [pending, expected] of cases) {
      const outcome = await pending;
      expect(outcome.isErr() && outcome.error).toMatchObject(expected);
    }
  });
}
