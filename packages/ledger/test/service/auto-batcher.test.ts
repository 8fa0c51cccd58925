import { unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { LEDGER_AUDIT_ACTIONS } from '../../src/service/ledger-audit.js';
import {
  accountId,
  auditLeaves,
  createLedgerHarness,
  INJECTED_FAULT,
  type LedgerHarness,
  openAccounts,
  outboxEvents,
  transfer,
} from './ledger-fixture.js';

async function pair(harness: LedgerHarness) {
  const [bank, wallet] = await openAccounts(harness, [{ type: 'asset' }, {}]);
  if (bank === undefined || wallet === undefined) throw new Error('two');
  return { bank, wallet };
}

describe('auto-batching of createTransfer', () => {
  it('coalesces concurrent calls of a tenant into one commit, each caller with its own result', async () => {
    const harness = createLedgerHarness({ autoBatch: {} });
    const { bank, wallet } = await pair(harness);
    const before = harness.storage.counts.transactions;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        harness.ledger.createTransfer(
          harness.tenantId,
          transfer({
            debitAccountId: bank,
            creditAccountId: wallet,
            amountMinor: BigInt(index + 1),
          }),
          { correlationId: `call-${index}` },
        ),
      ),
    );
    expect(harness.storage.counts.transactions - before).toBe(1);
    const results = outcomes.map((outcome) => unwrapOrThrow(outcome));
    expect(results.map((result) => result.transfer?.amountMinor)).toEqual(
      Array.from({ length: 20 }, (_, index) => BigInt(index + 1)),
    );
    // One leaf per call (its own caller), one event per transfer with the caller's correlation.
    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    expect(leaves.map((leaf) => leaf.correlationId).sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => `call-${index}`).sort(),
    );
    const events = (await outboxEvents(harness)).filter(
      (event) => event.type === 'ledger.transfer.created',
    );
    for (const event of events) {
      const leaf = leaves.find((candidate) => candidate.resource.id === event.causationId);
      expect(leaf?.correlationId).toBe(event.correlationId);
    }
  });

  it('keeps batches within maxBatchSize', async () => {
    const harness = createLedgerHarness({ autoBatch: { maxBatchSize: 5 } });
    const { bank, wallet } = await pair(harness);
    const before = harness.storage.counts.transactions;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        harness.ledger.createTransfer(
          harness.tenantId,
          transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1n }),
        ),
      ),
    );
    expect(harness.storage.counts.transactions - before).toBe(4);
  });

  it('waits up to maxWaitMs for calls made in later ticks', async () => {
    const harness = createLedgerHarness({ autoBatch: { maxWaitMs: 50 } });
    const { bank, wallet } = await pair(harness);
    const before = harness.storage.counts.transactions;
    const first = harness.ledger.createTransfer(
      harness.tenantId,
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1n }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = harness.ledger.createTransfer(
      harness.tenantId,
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 2n }),
    );
    const results = await Promise.all([first, second]);
    expect(results.map((result) => unwrapOrThrow(result).status)).toEqual(['created', 'created']);
    expect(harness.storage.counts.transactions - before).toBe(1);
  });

  it('lets a failing transfer fail alone', async () => {
    const harness = createLedgerHarness({ autoBatch: {} });
    const { bank, wallet } = await pair(harness);
    const outcomes = await Promise.all([
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 5n }),
      ),
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ debitAccountId: bank, creditAccountId: accountId(), amountMinor: 5n }),
      ),
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 0n }),
      ),
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 7n }),
      ),
    ]);
    expect(outcomes.map((outcome) => unwrapOrThrow(outcome).status)).toEqual([
      'created',
      'credit_account_not_found',
      'amount_must_be_positive',
      'created',
    ]);
    const balance = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(balance.balances.creditsPosted).toBe(12n);
  });

  it('gives an infrastructure error of a commit to every caller of that commit, and nothing is written', async () => {
    const harness = createLedgerHarness({ autoBatch: {} });
    const { bank, wallet } = await pair(harness);
    harness.storage.failTransactions.add(harness.storage.counts.transactions + 1);
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () =>
        harness.ledger.createTransfer(
          harness.tenantId,
          transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1n }),
        ),
      ),
    );
    for (const outcome of outcomes)
      expect(outcome.isErr() && outcome.error).toEqual(INJECTED_FAULT);
    const balance = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(balance.balances.creditsPosted).toBe(0n);
  });

  it('answers a linked single call alone, as an open chain, without joining a batch', async () => {
    const harness = createLedgerHarness({ autoBatch: {} });
    const { bank, wallet } = await pair(harness);
    const [linked, plain] = await Promise.all([
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: 1n,
          flags: { linked: true },
        }),
      ),
      harness.ledger.createTransfer(
        harness.tenantId,
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 2n }),
      ),
    ]);
    expect(unwrapOrThrow(linked).status).toBe('linked_event_chain_open');
    expect(unwrapOrThrow(plain).status).toBe('created');
  });
});
