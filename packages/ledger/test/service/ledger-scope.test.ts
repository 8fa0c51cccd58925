import { err, ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  auditLeaves,
  createLedgerHarness,
  type LedgerHarness,
  openAccounts,
  outboxEvents,
  transfer,
  transferId,
} from './ledger-fixture.js';

async function pair(harness: LedgerHarness) {
  const [bank, wallet] = await openAccounts(harness, [{ type: 'asset' }, {}]);
  if (bank === undefined || wallet === undefined) throw new Error('two accounts');
  return { bank, wallet };
}

describe('the ledger inside a caller transaction (within)', () => {
  it('commits postings together with the caller’s own record, leaf and events', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await pair(harness);
    const id = transferId();
    const leavesBefore = (await auditLeaves(harness)).length;
    const outcome = await harness.storage.transaction(harness.tenantId, async (tx) => {
      const results = await harness.ledger
        .within(tx)
        .createTransfers(
          [transfer({ id, debitAccountId: bank, creditAccountId: wallet, amountMinor: 250n })],
          {
            correlationId: 'joined',
          },
        );
      if (results.isErr()) return err(results.error);
      await tx.records.put({
        collection: 'caller.things',
        id: 'one',
        data: { transferId: id },
        expectedVersion: 0,
      });
      return ok(results.value);
    });
    expect(unwrapOrThrow(outcome).map((result) => result.status)).toEqual(['created']);
    const [found] = unwrapOrThrow(await harness.ledger.lookupTransfers(harness.tenantId, [id]));
    expect(found?.amountMinor).toBe(250n);
    expect((await auditLeaves(harness)).length).toBe(leavesBefore + 1);
    expect(
      (await outboxEvents(harness)).filter((event) => JSON.stringify(event.payload).includes(id)),
    ).toHaveLength(1);
  });

  it('rolls the postings back when the caller’s transaction fails', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await pair(harness);
    const id = transferId();
    const outcome = await harness.storage.transaction(harness.tenantId, async (tx) => {
      const results = await harness.ledger
        .within(tx)
        .createTransfers([
          transfer({ id, debitAccountId: bank, creditAccountId: wallet, amountMinor: 250n }),
        ]);
      expect(results.isOk()).toBe(true);
      return err({ type: 'caller.refused' as const });
    });
    expect(outcome._unsafeUnwrapErr()).toEqual({ type: 'caller.refused' });
    expect(unwrapOrThrow(await harness.ledger.lookupTransfers(harness.tenantId, [id]))).toEqual([
      null,
    ]);
    const balance = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(balance.balances.creditsPosted).toBe(0n);
  });

  it('reads accounts and movements in the caller’s transaction, refusing malformed ids', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await pair(harness);
    const id = transferId();
    unwrapOrThrow(
      await harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ id, debitAccountId: bank, creditAccountId: wallet, amountMinor: 5n }),
      ),
    );
    const read = await harness.storage.transaction(harness.tenantId, async (tx) => {
      const scope = harness.ledger.within(tx);
      const accounts = unwrapOrThrow(await scope.lookupAccounts([wallet, bank]));
      const movements = unwrapOrThrow(await scope.lookupMovements([id, transferId()]));
      const refused = await scope.lookupAccounts(['not-an-id']);
      return ok({ accounts, movements, refused });
    });
    const { accounts, movements, refused } = unwrapOrThrow(read);
    expect(accounts.map((account) => account?.id)).toEqual([wallet, bank]);
    expect(movements[0]?.kind).toBe('transfer');
    expect(movements[1]).toBeNull();
    expect(refused.isErr()).toBe(true);
  });
});
