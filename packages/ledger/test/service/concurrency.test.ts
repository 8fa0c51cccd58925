import { type Result, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { LedgerCommandError } from '../../src/service/ledger-error.js';
import {
  createLedgerHarness,
  type LedgerHarness,
  listBurnedRecords,
  listMovementRecords,
  openAccounts,
  transfer,
} from './ledger-fixture.js';

// 20 concurrent debits of 100 from a wallet holding 1000 that must never go negative.
async function hotAccountRace(harness: LedgerHarness) {
  const [bank, hot, sink] = await openAccounts(harness, [
    { type: 'asset', name: 'Bank' },
    { name: 'Hot wallet', flags: { debitsMustNotExceedCredits: true } },
    { name: 'Sink' },
  ]);
  if (bank === undefined || hot === undefined || sink === undefined) throw new Error('three');
  unwrapOrThrow(
    await harness.ledger.createTransfers(harness.tenantId, [
      transfer({ debitAccountId: bank, creditAccountId: hot, amountMinor: 1000n }),
    ]),
  );
  const outcomes: Result<TransferResult, LedgerCommandError>[] = await Promise.all(
    Array.from({ length: 20 }, () =>
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ debitAccountId: hot, creditAccountId: sink, amountMinor: 100n }),
      ),
    ),
  );
  const statuses = outcomes.map((outcome) => unwrapOrThrow(outcome).status);
  return { hot, sink, statuses };
}

async function expectConsistent(
  harness: LedgerHarness,
  hot: string,
  sink: string,
  statuses: string[],
) {
  expect(statuses.filter((status) => status === 'created')).toHaveLength(10);
  expect(statuses.filter((status) => status === 'exceeds_credits')).toHaveLength(10);
  const [hotAccount, sinkAccount] = unwrapOrThrow(
    await harness.ledger.lookupAccounts(harness.tenantId, [hot, sink]),
  );
  expect(hotAccount?.balances).toEqual({
    debitsPending: 0n,
    debitsPosted: 1000n,
    creditsPending: 0n,
    creditsPosted: 1000n,
  });
  expect(sinkAccount?.balances.creditsPosted).toBe(1000n);
  // Never overdrawn at any point: every statement line of the hot wallet stays within its credits.
  const statement = unwrapOrThrow(
    await harness.ledger.statement(harness.tenantId, hot, { limit: 100 }),
  );
  expect(statement.items).toHaveLength(11);
  for (const line of statement.items) {
    const { debitsPosted, debitsPending, creditsPosted } = line.entry.balancesAfter;
    expect(debitsPosted + debitsPending <= creditsPosted).toBe(true);
    expect(line.availableMinor >= 0n).toBe(true);
  }
  // Sequences are gap-free and one transfer record exists per created transfer.
  expect(statement.items.map((line) => line.entry.sequence)).toEqual(
    Array.from({ length: 11 }, (_, index) => index + 1),
  );
  expect(await listMovementRecords(harness)).toHaveLength(11);
  expect(await listBurnedRecords(harness)).toHaveLength(10);
}

describe('concurrent commands on one hot account', () => {
  it('never overdraws a guarded account when every call commits on its own', async () => {
    const harness = createLedgerHarness();
    const { hot, sink, statuses } = await hotAccountRace(harness);
    await expectConsistent(harness, hot, sink, statuses);
    // The calls really raced: some ran more than once after a conflict.
    expect(harness.storage.counts.attempts).toBeGreaterThan(harness.storage.counts.transactions);
  });

  it('never overdraws a guarded account when the calls are auto-batched', async () => {
    const harness = createLedgerHarness({ autoBatch: { maxBatchSize: 4, maxInFlight: 3 } });
    const { hot, sink, statuses } = await hotAccountRace(harness);
    await expectConsistent(harness, hot, sink, statuses);
  });
});
