import { MONEY_MAX_MINOR_UNITS, unwrapOrThrow } from '@strongroom/kernel';
import {
  LEDGER_METADATA_MAX_BYTES,
  type LedgerEvent,
  type TransferInput,
  type TransferStatus,
} from '@strongroom/ledger';
import { expect, it } from 'vitest';
import {
  move,
  newAccountId,
  newTransferId,
  openStandardAccounts,
  snapshotBooks,
  standardIds,
  submit,
  transferEvent,
} from './ledger-fixtures.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';

// Inputs from outside are untyped: the ledger must answer anything with a result code.
function hostile(input: Record<string, unknown>): LedgerEvent {
  return { kind: 'transfer', transfer: input as unknown as TransferInput };
}

/** Every malformed or hostile input gets its typed result code and changes nothing. */
export function defineBadInputCases(context: LedgerSuiteContext): void {
  it('refuses malformed transfers with their codes and writes nothing at all', async () => {
    const books = context.books();
    const accounts = await openStandardAccounts(books);
    const { bank, merchant } = accounts;
    await move(books, bank, merchant, 100n);
    const valid = { debitAccountId: bank, creditAccountId: merchant, amountMinor: 10n };
    const selfReferencing = newTransferId();
    const cases: [LedgerEvent, TransferStatus][] = [
      [transferEvent({ ...valid, amountMinor: 0n }), 'amount_must_be_positive'],
      [transferEvent({ ...valid, amountMinor: -10n }), 'amount_must_not_be_negative'],
      [
        transferEvent({ ...valid, amountMinor: MONEY_MAX_MINOR_UNITS + 1n }),
        'amount_exceeds_maximum',
      ],
      [
        hostile({ ...valid, id: newTransferId(), currency: 'USD', code: 1, amountMinor: 10 }),
        'amount_invalid',
      ],
      [transferEvent({ ...valid, id: newAccountId() }), 'id_invalid'],
      [transferEvent({ ...valid, id: 'trf_../../etc/passwd' }), 'id_invalid'],
      [hostile({ ...valid, currency: 'USD', code: 1 }), 'id_must_not_be_zero'],
      [
        hostile({
          ...valid,
          id: newTransferId(),
          currency: 'USD',
          code: 1,
          flags: { sneaky: true },
        }),
        'reserved_flag',
      ],
      [transferEvent({ ...valid, debitAccountId: newTransferId() }), 'debit_account_id_invalid'],
      [transferEvent({ ...valid, creditAccountId: 'merchant' }), 'credit_account_id_invalid'],
      [transferEvent({ ...valid, creditAccountId: bank }), 'accounts_must_be_different'],
      [
        transferEvent({ ...valid, metadata: { note: 'x'.repeat(LEDGER_METADATA_MAX_BYTES) } }),
        'metadata_too_large',
      ],
      [
        hostile({
          ...valid,
          id: newTransferId(),
          currency: 'USD',
          code: 1,
          metadata: { at: new Date() },
        }),
        'metadata_invalid',
      ],
      [transferEvent({ ...valid, currency: 'usd' }), 'currency_invalid'],
      [transferEvent({ ...valid, code: 0 }), 'code_must_not_be_zero'],
      [transferEvent({ ...valid, code: 65_536 }), 'code_invalid'],
      [
        transferEvent({ ...valid, effectiveAt: new Date(books.clock.now().getTime() + 1) }),
        'effective_at_must_not_be_in_the_future',
      ],
      [transferEvent({ ...valid, timeoutMs: 1000 }), 'timeout_reserved_for_pending_transfer'],
      [transferEvent({ ...valid, flags: { pending: true }, timeoutMs: 0 }), 'timeout_invalid'],
      [
        transferEvent({ ...valid, flags: { pending: true, postPending: true } }),
        'flags_are_mutually_exclusive',
      ],
      [
        transferEvent({ ...valid, flags: { closingDebit: true } }),
        'closing_transfer_must_be_pending',
      ],
      [transferEvent({ flags: { postPending: true } }), 'pending_id_must_not_be_zero'],
      [
        transferEvent({
          id: selfReferencing,
          pendingId: selfReferencing,
          flags: { voidPending: true },
        }),
        'pending_id_must_be_different',
      ],
      [transferEvent({ ...valid, pendingId: newTransferId() }), 'pending_id_must_be_zero'],
      [{ kind: 'transfer', transfer: null as unknown as TransferInput }, 'id_must_not_be_zero'],
    ];
    const before = await snapshotBooks(books, standardIds(accounts));
    const results = await submit(
      books,
      cases.map(([event]) => event),
    );
    expect(results.map((result) => result.status)).toEqual(cases.map(([, status]) => status));
    expect(results.every((result) => result.transfer === null && result.journal === null)).toBe(
      true,
    );
    // The single-event path answers the same codes.
    for (const [event, status] of cases) {
      const single = unwrapOrThrow(await books.ledger.createTransfer(books.tenantId, event));
      expect(single.status).toBe(status);
    }
    expect(await snapshotBooks(books, standardIds(accounts))).toEqual(before);
  });

  it('refuses transfers the state does not allow and changes no balance, line or event', async () => {
    const books = context.books();
    const other = context.books();
    const theirs = await openStandardAccounts(other);
    const accounts = await openStandardAccounts(books);
    const { bank, merchant, euroWallet } = accounts;
    const plainTransfer = await move(books, bank, merchant, 100n);
    // Bring the bank's debits to the bound: one more minor unit would overflow them.
    await move(books, bank, merchant, MONEY_MAX_MINOR_UNITS - 100n);
    const before = await snapshotBooks(books, standardIds(accounts));
    const theirsBefore = await snapshotBooks(other, standardIds(theirs));
    const cases: [LedgerEvent, TransferStatus][] = [
      [
        transferEvent({ debitAccountId: bank, creditAccountId: euroWallet, amountMinor: 1n }),
        'accounts_must_have_the_same_currency',
      ],
      [
        transferEvent({
          debitAccountId: merchant,
          creditAccountId: bank,
          amountMinor: 1n,
          currency: 'EUR',
        }),
        'transfer_must_have_the_same_currency_as_accounts',
      ],
      [
        transferEvent({ pendingId: plainTransfer.id, flags: { postPending: true } }),
        'pending_transfer_not_pending',
      ],
      [
        transferEvent({ pendingId: newTransferId(), flags: { voidPending: true } }),
        'pending_transfer_not_found',
      ],
      [
        transferEvent({
          debitAccountId: newAccountId(),
          creditAccountId: merchant,
          amountMinor: 1n,
        }),
        'debit_account_not_found',
      ],
      [
        transferEvent({
          debitAccountId: merchant,
          creditAccountId: theirs.wallet,
          amountMinor: 1n,
        }),
        'credit_account_not_found',
      ],
      [
        transferEvent({ debitAccountId: bank, creditAccountId: merchant, amountMinor: 1n }),
        'overflows_debits_posted',
      ],
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
    expect(await snapshotBooks(other, standardIds(theirs))).toEqual(theirsBefore);
    const found = unwrapOrThrow(
      await books.ledger.lookupTransfers(
        books.tenantId,
        results.map((result) => result.id),
      ),
    );
    expect(found.every((transfer) => transfer === null)).toBe(true);
  });
}
