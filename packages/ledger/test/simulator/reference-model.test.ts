import { createAuditLog } from '@strongroom/audit';
import { unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import { createLedger } from '../../src/service/ledger.js';
import {
  accountInput,
  createLedgerHarness,
  transfer,
  transferId,
} from '../service/ledger-fixture.js';
import { createFaultyStorage, type StorageFaultRates } from './fault-storage.js';
import { checkEverything } from './invariant-checker.js';
import { ReferenceModel } from './reference-model.js';
import { SimulatorRandom } from './simulator-random.js';

// Every transaction commits and its caller is told it failed.
const EVERY_REPLY_LOST: StorageFaultRates = {
  unavailable: 0,
  commit_failed: 0,
  lost_reply: 1,
  conflict: 0,
  conflict_exhausted: 0,
  crash: 0,
};

describe('ReferenceModel.learnMaskedBurns', () => {
  // Seed 4048242892 of the simulator, reduced: the chain's commit burns its second member and
  // loses its reply; another process voids the pending the first member posts; the retry then
  // fails at the first member, answers the burned one `linked_event_failed`, and no answer ever
  // reports the burn the store rightly keeps.
  it('accepts a chain member burned by a lost commit that the retry answered linked_event_failed', async () => {
    const harness = createLedgerHarness();
    const { ledger, tenantId, clock } = harness;
    const storage = createFaultyStorage(harness.memory, {
      random: new SimulatorRandom(1),
      rates: EVERY_REPLY_LOST,
      onFault: () => {},
    });
    const signing = {
      originPrefix: 'ledger.strongroom.test',
      masterSeeds: [new Uint8Array(32).fill(9)],
    };
    const lossy = createLedger({
      storage,
      audit: createAuditLog({ storage, clock, signing }),
      clock,
    });
    const model = new ReferenceModel();
    const learn = (results: readonly TransferResult[]) => {
      for (const result of results) model.applyTransferResult(result);
    };
    const bank = accountInput({ type: 'asset', name: 'Bank' });
    const wallet = accountInput({ name: 'Wallet' });
    // No credits: a debit of it fails `exceeds_credits`, a transient failure that burns the id.
    const guarded = accountInput({ name: 'Guarded', flags: { debitsMustNotExceedCredits: true } });
    const accounts = unwrapOrThrow(await ledger.createAccounts(tenantId, [bank, wallet, guarded]));
    for (const result of accounts) model.applyAccountResult(result);
    const pendingId = transferId();
    const pending = transfer({
      id: pendingId,
      debitAccountId: bank.id,
      creditAccountId: wallet.id,
      amountMinor: 50n,
      flags: { pending: true },
    });
    learn(unwrapOrThrow(await ledger.createTransfers(tenantId, [pending])));
    const burnedId = transferId();
    const overdraw = {
      id: burnedId,
      debitAccountId: guarded.id,
      creditAccountId: wallet.id,
      amountMinor: 1n,
    };
    const lastId = transferId();
    const chain = [
      transfer({ pendingId, flags: { postPending: true, linked: true } }),
      transfer({ ...overdraw, flags: { linked: true } }),
      transfer({
        id: lastId,
        debitAccountId: bank.id,
        creditAccountId: wallet.id,
        amountMinor: 5n,
      }),
    ];
    expect((await lossy.createTransfers(tenantId, chain)).isErr()).toBe(true);
    learn(
      unwrapOrThrow(
        await ledger.createTransfers(tenantId, [
          transfer({ pendingId, flags: { voidPending: true } }),
        ]),
      ),
    );
    const retry = unwrapOrThrow(await ledger.createTransfers(tenantId, chain));
    expect(retry.map((result) => result.status)).toEqual([
      'pending_transfer_already_voided',
      'linked_event_failed',
      'linked_event_failed',
    ]);
    learn(retry);
    const checker = { database: harness.memory, ledger, tenantId };
    await expect(checkEverything(checker, model)).rejects.toThrow(
      `stored burned id the model never heard of: ${burnedId}`,
    );

    model.learnMaskedBurns(retry);
    // Both members after the retry's failure may be burned; neither may be recorded.
    expect([...model.maybeBurned]).toEqual([burnedId, lastId]);
    await checkEverything(checker, model);
    // The store was right: the id is burned for good, and the next answer for it says so.
    const [alone] = unwrapOrThrow(await ledger.createTransfers(tenantId, [transfer(overdraw)]));
    expect(alone?.status).toBe('id_already_failed');
    if (alone !== undefined) model.applyTransferResult(alone);
    expect([...model.maybeBurned]).toEqual([lastId]);
    expect(model.burned.has(burnedId)).toBe(true);
    await checkEverything(checker, model);
  });
});
