import { describe, expect, it } from 'vitest';
import { journalEvent, transferEvent } from '../../src/engine/ledger-event.js';
import type { TransferInput } from '../../src/model/ledger-input.js';
import {
  accId,
  accountInput,
  balances,
  LedgerHarness,
  transferInput,
  trfId,
} from './ledger-fixture.js';

function setup(): LedgerHarness {
  const harness = new LedgerHarness();
  harness.createAccounts(
    accountInput(0, { type: 'asset', name: 'bank' }),
    accountInput(1, { flags: { debitsMustNotExceedCredits: true } }),
    accountInput(2),
    accountInput(3),
  );
  return harness;
}

const linked = (input: TransferInput): TransferInput => ({
  ...input,
  flags: { ...input.flags, linked: true },
});

describe('linked chains', () => {
  it('roll back entirely: first failure named, the rest linked_event_failed, nothing written', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 0, 1, 100n));
    const before = harness.balances(1);
    expect(
      harness.statuses(
        linked(transferInput(2, 1, 2, 50n)),
        linked(transferInput(3, 1, 3, 60n)),
        transferInput(4, 2, 3, 1n),
      ),
    ).toEqual(['linked_event_failed', 'exceeds_credits', 'linked_event_failed']);
    expect(harness.balances(1)).toEqual(before);
    expect(harness.balances(2)).toEqual(balances(0n, 0n, 0n, 0n));
    expect(harness.lastChanges?.transfers).toEqual([]);
    expect(harness.lastChanges?.entries).toEqual([]);
    expect(harness.lastChanges?.accounts.size).toBe(0);
  });

  it('burn the transient failure even inside a failed chain, and only it', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 0, 1, 100n));
    harness.statuses(linked(transferInput(2, 1, 2, 50n)), transferInput(3, 1, 3, 60n));
    expect(harness.lastChanges?.failedIds.map((failed) => failed.id)).toEqual([trfId(3)]);
    expect(harness.statuses(transferInput(2, 1, 2, 50n), transferInput(3, 1, 3, 10n))).toEqual([
      'created',
      'id_already_failed',
    ]);
  });

  it('let each member see the effects of the ones before it', () => {
    const harness = setup();
    expect(
      harness.statuses(linked(transferInput(1, 0, 1, 100n)), transferInput(2, 1, 2, 100n)),
    ).toEqual(['created', 'created']);
    expect(harness.balances(1)).toEqual(balances(0n, 100n, 0n, 100n));
  });

  it('fail a chain left open at the end of the batch', () => {
    const harness = setup();
    expect(
      harness.statuses(
        transferInput(1, 0, 2, 5n),
        linked(transferInput(2, 0, 2, 5n)),
        linked(transferInput(3, 0, 2, 5n)),
      ),
    ).toEqual(['created', 'linked_event_failed', 'linked_event_chain_open']);
    expect(harness.balances(2).creditsPosted).toBe(5n);
  });

  it('keep independent chains independent, and hide a failed chain from later events', () => {
    const harness = setup();
    harness.transfers(transferInput(1, 0, 1, 10n));
    expect(
      harness.statuses(
        linked(transferInput(2, 0, 1, 100n)),
        transferInput(3, 0, 2, 0n),
        transferInput(4, 1, 3, 50n),
        linked(transferInput(5, 0, 3, 1n)),
        transferInput(6, 0, 3, 1n),
      ),
    ).toEqual([
      'linked_event_failed',
      'amount_must_be_positive',
      'exceeds_credits',
      'created',
      'created',
    ]);
    expect(harness.balances(1)).toEqual(balances(0n, 0n, 0n, 10n));
  });

  it('count `exists` as success, so a retried committed chain reports exists throughout', () => {
    const harness = setup();
    const chain = [linked(transferInput(1, 0, 2, 5n)), transferInput(2, 0, 3, 5n)];
    expect(harness.statuses(...chain)).toEqual(['created', 'created']);
    expect(harness.statuses(...chain)).toEqual(['exists', 'exists']);
    expect(harness.balances(2).creditsPosted).toBe(5n);
  });

  it('mix transfers and journal entries', () => {
    const harness = setup();
    const results = harness.run([
      transferEvent(linked(transferInput(1, 0, 1, 30n))),
      journalEvent({
        id: trfId(2),
        postings: [
          { accountId: accId(1), side: 'debit', amountMinor: 30n },
          { accountId: accId(2), side: 'credit', amountMinor: 20n },
          { accountId: accId(3), side: 'credit', amountMinor: 11n },
        ],
        code: 1,
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'postings_must_balance',
    ]);
    expect(harness.balances(1)).toEqual(balances(0n, 0n, 0n, 0n));
  });
});
