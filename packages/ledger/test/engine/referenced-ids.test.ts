import { describe, expect, it } from 'vitest';
import { journalEvent, transferEvent } from '../../src/engine/ledger-event.js';
import { pendingAccountIds, referencedIds } from '../../src/engine/referenced-ids.js';
import { accId, accountInput, LedgerHarness, transferInput, trfId } from './ledger-fixture.js';

describe('referencedIds and pendingAccountIds', () => {
  it('list every id a batch names, once, skipping what is not a string', () => {
    const events = [
      transferEvent(transferInput(1, 1, 2, 5n)),
      transferEvent({ id: trfId(2), pendingId: trfId(1), flags: { postPending: true } }),
      journalEvent({
        id: trfId(3),
        postings: [
          { accountId: accId(2), side: 'debit', amountMinor: 1n },
          { accountId: accId(3), side: 'credit', amountMinor: 1n },
        ],
        code: 1,
      }),
      transferEvent({ id: 7, debitAccountId: null } as never),
      transferEvent(null as never),
    ];
    expect(referencedIds(events)).toEqual({
      transferIds: [trfId(1), trfId(2), trfId(3)],
      accountIds: [accId(1), accId(2), accId(3)],
      resolvesPending: true,
    });
    expect(referencedIds([transferEvent(transferInput(1, 1, 2, 5n))]).resolvesPending).toBe(false);
  });

  it('name the accounts of the pending records a batch resolves (second loading round)', () => {
    const harness = new LedgerHarness();
    harness.createAccounts(accountInput(1), accountInput(2), accountInput(3));
    harness.transfers(transferInput(1, 1, 2, 5n, { flags: { pending: true } }));
    const events = [
      transferEvent({ id: trfId(2), pendingId: trfId(1), flags: { voidPending: true } }),
      transferEvent(transferInput(3, 3, 1, 1n)),
    ];
    expect(pendingAccountIds(events, harness.state)).toEqual([accId(2)]);
  });
});
