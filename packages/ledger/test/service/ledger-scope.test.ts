import { err, ok, type StorageTransaction, unwrapOrThrow } from '@strongroom/kernel';
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

// The transaction with every `getMany` counted by collection: how often the ledger reads.
function countingReads(tx: StorageTransaction, reads: Map<string, number>): StorageTransaction {
  const records = new Proxy(tx.records, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      if (key !== 'getMany') return value.bind(target);
      return (collection: string, ...rest: unknown[]) => {
        reads.set(collection, (reads.get(collection) ?? 0) + 1);
        return value.call(target, collection, ...rest);
      };
    },
  });
  return { tenantId: tx.tenantId, outbox: tx.outbox, records };
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

  it('runs several callers’ commands as one execution, each with its own results and leaf', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await pair(harness);
    const [first, second, repeated] = [transferId(), transferId(), transferId()];
    const leavesBefore = (await auditLeaves(harness)).length;
    const reads = new Map<string, number>();
    const outcome = await harness.storage.transaction(harness.tenantId, async (tx) =>
      harness.ledger.within(countingReads(tx, reads)).createTransferCommands([
        {
          events: [
            transfer({ id: first, debitAccountId: bank, creditAccountId: wallet, amountMinor: 7n }),
            transfer({
              id: repeated,
              debitAccountId: bank,
              creditAccountId: wallet,
              amountMinor: 1n,
            }),
          ],
          context: { requestId: 'req-one' },
        },
        {
          events: [
            transfer({
              id: second,
              debitAccountId: wallet,
              creditAccountId: bank,
              amountMinor: 3n,
            }),
          ],
          context: { requestId: 'req-two' },
        },
        {
          // The same transfer again: the earlier command's write answers it.
          events: [
            transfer({
              id: repeated,
              debitAccountId: bank,
              creditAccountId: wallet,
              amountMinor: 1n,
            }),
          ],
          context: { requestId: 'req-three' },
        },
      ]),
    );
    expect(unwrapOrThrow(outcome).map((results) => results.map((result) => result.status))).toEqual(
      [['created', 'created'], ['created'], ['exists']],
    );
    // One read of the accounts and one of the ids for all three commands, not one per command.
    expect(Object.fromEntries(reads)).toEqual({ 'ledger.accounts': 1, 'ledger.transfers': 1 });
    const balance = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(balance.balances.creditsPosted).toBe(8n);
    expect(balance.balances.debitsPosted).toBe(3n);
    // The command answered only `exists` wrote nothing, so it has no leaf.
    const leaves = (await auditLeaves(harness)).slice(leavesBefore);
    expect(leaves.map((leaf) => [leaf.action, leaf.requestId])).toEqual([
      ['ledger.transfers.created', 'req-one'],
      ['ledger.transfers.created', 'req-two'],
    ]);
  });
});
