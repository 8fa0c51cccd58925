import { unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { LEDGER_AUDIT_ACTIONS } from '../../src/service/ledger-audit.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';
import {
  auditLeaves,
  createLedgerHarness,
  type LedgerHarness,
  listRecords,
  openAccounts,
  outboxEvents,
  snapshot,
  transfer,
  transferId,
} from './ledger-fixture.js';

async function funded(harness: LedgerHarness) {
  const [bank, wallet, merchant] = await openAccounts(harness, [
    { type: 'asset', name: 'Bank' },
    { name: 'Wallet', flags: { debitsMustNotExceedCredits: true } },
    { name: 'Merchant' },
  ]);
  if (bank === undefined || wallet === undefined || merchant === undefined)
    throw new Error('three');
  unwrapOrThrow(
    await harness.ledger.createTransfers(harness.tenantId, [
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1000n }),
    ]),
  );
  return { bank, wallet, merchant };
}

async function hold(
  harness: LedgerHarness,
  debit: string,
  credit: string,
  amount: bigint,
  timeoutMs?: number,
) {
  const [result] = unwrapOrThrow(
    await harness.ledger.createTransfers(harness.tenantId, [
      transfer({
        debitAccountId: debit,
        creditAccountId: credit,
        amountMinor: amount,
        flags: { pending: true },
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      }),
    ]),
  );
  if (result?.status !== 'created') throw new Error(`hold not created: ${result?.status}`);
  return result.id;
}

async function available(harness: LedgerHarness, account: string) {
  return unwrapOrThrow(await harness.ledger.balance(harness.tenantId, account)).availableMinor;
}

describe('pending transfers', () => {
  it('posts part of a hold and releases the rest, once', async () => {
    const harness = createLedgerHarness();
    const { wallet, merchant } = await funded(harness);
    const pendingId = await hold(harness, wallet, merchant, 300n);
    expect(await available(harness, wallet)).toBe(700n);
    const post = transfer({ pendingId, amountMinor: 120n, flags: { postPending: true } });
    const [posted] = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, [post]));
    expect(posted?.status).toBe('created');
    expect(await available(harness, wallet)).toBe(880n);
    const [again] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ pendingId, flags: { voidPending: true } }),
      ]),
    );
    expect(again?.status).toBe('pending_transfer_already_posted');
    const [stored] = unwrapOrThrow(
      await harness.ledger.lookupTransfers(harness.tenantId, [pendingId]),
    );
    expect(stored?.pendingStatus).toBe('posted');
    const events = (await outboxEvents(harness)).map((event) => event.type);
    expect(events.filter((type) => type === 'ledger.transfer.posted')).toHaveLength(1);
  });

  it('voids a hold and drops its expiry index record', async () => {
    const harness = createLedgerHarness();
    const { wallet, merchant } = await funded(harness);
    const pendingId = await hold(harness, wallet, merchant, 300n, 60_000);
    expect(await listRecords(harness, LEDGER_COLLECTIONS.expiries)).toHaveLength(1);
    const [voided] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ pendingId, flags: { voidPending: true } }),
      ]),
    );
    expect(voided?.status).toBe('created');
    expect(await available(harness, wallet)).toBe(1000n);
    expect(await listRecords(harness, LEDGER_COLLECTIONS.expiries)).toHaveLength(0);
    const types = (await outboxEvents(harness)).map((event) => event.type);
    expect(types).toContain('ledger.transfer.voided');
  });

  it('refuses a post at or after the expiry before any sweep, then the sweep releases the hold', async () => {
    const harness = createLedgerHarness();
    const { wallet, merchant } = await funded(harness);
    const pendingId = await hold(harness, wallet, merchant, 400n, 30_000);
    harness.clock.advance(30_000);
    const [late] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ pendingId, flags: { postPending: true } }),
      ]),
    );
    expect(late?.status).toBe('pending_transfer_expired');
    // Still held until the sweep runs: the expiry is exact, the release is lazy.
    expect(await available(harness, wallet)).toBe(600n);
    const swept = unwrapOrThrow(await harness.ledger.sweepExpired(harness.tenantId, { limit: 10 }));
    expect(swept.expired.map((result) => result.id)).toEqual([pendingId]);
    expect(swept.more).toBe(false);
    expect(await available(harness, wallet)).toBe(1000n);
    const [stored] = unwrapOrThrow(
      await harness.ledger.lookupTransfers(harness.tenantId, [pendingId]),
    );
    expect(stored?.pendingStatus).toBe('expired');
    expect(await listRecords(harness, LEDGER_COLLECTIONS.expiries)).toHaveLength(0);
    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersExpired,
    );
    expect(leaves).toHaveLength(1);
    const expiredEvents = (await outboxEvents(harness)).filter(
      (event) => event.type === 'ledger.transfer.expired',
    );
    expect(expiredEvents).toHaveLength(1);
    expect(expiredEvents[0]?.causationId).toBe(leaves[0]?.resource.id);
    // Idempotent: a second sweep finds nothing and writes nothing.
    const before = snapshot(harness);
    const second = unwrapOrThrow(
      await harness.ledger.sweepExpired(harness.tenantId, { limit: 10 }),
    );
    expect(second.expired).toEqual([]);
    expect(snapshot(harness)).toBe(before);
  });

  it('sweeps in (expiresAt, timestamp) order, only what is due, up to the limit', async () => {
    const harness = createLedgerHarness();
    const { wallet, merchant } = await funded(harness);
    const late = await hold(harness, wallet, merchant, 10n, 50_000);
    const early = await hold(harness, wallet, merchant, 10n, 20_000);
    harness.clock.advance(1);
    const sameTimeLater = await hold(harness, wallet, merchant, 10n, 19_999);
    const never = await hold(harness, wallet, merchant, 10n);
    const notYet = await hold(harness, wallet, merchant, 10n, 3_600_000);
    harness.clock.advance(60_000);
    const first = unwrapOrThrow(await harness.ledger.sweepExpired(harness.tenantId, { limit: 2 }));
    expect(first.expired.map((result) => result.id)).toEqual([early, sameTimeLater]);
    expect(first.more).toBe(true);
    const rest = unwrapOrThrow(await harness.ledger.sweepExpired(harness.tenantId, { limit: 10 }));
    expect(rest.expired.map((result) => result.id)).toEqual([late]);
    expect(rest.more).toBe(false);
    const statuses = unwrapOrThrow(
      await harness.ledger.lookupTransfers(harness.tenantId, [never, notYet]),
    ).map((stored) => stored?.pendingStatus);
    expect(statuses).toEqual(['pending', 'pending']);
    expect(await available(harness, wallet)).toBe(980n);
  });

  it('stays correct with several sweeps at once: each hold is released exactly once', async () => {
    const harness = createLedgerHarness();
    const { wallet, merchant } = await funded(harness);
    const holds: string[] = [];
    for (let index = 0; index < 6; index += 1)
      holds.push(await hold(harness, wallet, merchant, 50n, 1000));
    harness.clock.advance(5_000);
    const sweeps = await Promise.all(
      Array.from({ length: 4 }, () =>
        harness.ledger.sweepExpired(harness.tenantId, { limit: 100 }),
      ),
    );
    const released = sweeps.flatMap((sweep) =>
      unwrapOrThrow(sweep).expired.map((result) => result.id),
    );
    expect([...released].sort()).toEqual([...holds].sort());
    expect(await available(harness, wallet)).toBe(1000n);
    const expiredEvents = (await outboxEvents(harness)).filter(
      (event) => event.type === 'ledger.transfer.expired',
    );
    expect(expiredEvents).toHaveLength(6);
    const statement = unwrapOrThrow(
      await harness.ledger.statement(harness.tenantId, wallet, { limit: 1000 }),
    );
    expect(statement.items.filter((line) => line.entry.kind === 'expired')).toHaveLength(6);
  });

  it('refuses a sweep limit out of range', async () => {
    const harness = createLedgerHarness();
    const refused = await harness.ledger.sweepExpired(harness.tenantId, { limit: 0 });
    expect(refused.isErr() && refused.error).toEqual({
      type: 'validation',
      field: 'limit',
      reason: 'out_of_range',
    });
  });

  // DynamoDB's 100 items per transaction: a void that inherits a 2-posting journal's postings
  // touches 11 items, not the 71 of the largest journal, so eight of them share one commit.
  it('packs voids without postings by the postings they inherit, read before planning', async () => {
    const harness = createLedgerHarness({ limits: { writesPerTransaction: 100 } });
    const { wallet, merchant } = await funded(harness);
    const pendingIds = Array.from({ length: 8 }, () => transferId());
    const holds = pendingIds.map((id) => ({
      kind: 'journal' as const,
      journal: {
        id,
        code: 7,
        flags: { pending: true },
        postings: [
          { accountId: wallet, side: 'debit' as const, amountMinor: 10n },
          { accountId: merchant, side: 'credit' as const, amountMinor: 10n },
        ],
      },
    }));
    for (const held of unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, holds)))
      expect(held.status).toBe('created');
    expect(await available(harness, wallet)).toBe(920n);
    const voids = pendingIds.map((pendingId) => ({
      kind: 'journal' as const,
      journal: { id: transferId(), pendingId, flags: { voidPending: true } },
    }));
    const before = harness.storage.counts.transactions;
    const voided = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, voids));
    expect(voided.map((result) => result.status)).toEqual(voids.map(() => 'created'));
    // One read of the pending journals, then one commit for all eight voids.
    expect(harness.storage.counts.transactions - before).toBe(2);
    expect(await available(harness, wallet)).toBe(1000n);
  });

  it('skips the read of inherited postings when the batch fits one transaction at its most', async () => {
    const harness = createLedgerHarness();
    const { wallet, merchant } = await funded(harness);
    const pendingId = transferId();
    const [held] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        {
          kind: 'journal',
          journal: {
            id: pendingId,
            code: 7,
            flags: { pending: true },
            postings: [
              { accountId: wallet, side: 'debit', amountMinor: 10n },
              { accountId: merchant, side: 'credit', amountMinor: 10n },
            ],
          },
        },
      ]),
    );
    expect(held?.status).toBe('created');
    const before = harness.storage.counts.transactions;
    const voided = unwrapOrThrow(
      await harness.ledger.createTransfer(harness.tenantId, {
        kind: 'journal',
        journal: { id: transferId(), pendingId, flags: { voidPending: true } },
      }),
    );
    expect(voided.status).toBe('created');
    // The largest journal fits the default 1,000 items, so the void commits without a read.
    expect(harness.storage.counts.transactions - before).toBe(1);
    expect(await available(harness, wallet)).toBe(1000n);
  });

  it('expires a pending journal entry as a whole', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet, merchant } = await funded(harness);
    const [result] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        {
          kind: 'journal',
          journal: {
            id: transferId(),
            code: 7,
            flags: { pending: true },
            timeoutMs: 1000,
            postings: [
              { accountId: wallet, side: 'debit', amountMinor: 100n },
              { accountId: merchant, side: 'credit', amountMinor: 90n },
              { accountId: bank, side: 'credit', amountMinor: 10n },
            ],
          },
        },
      ]),
    );
    expect(result?.status).toBe('created');
    expect(await available(harness, wallet)).toBe(900n);
    harness.clock.advance(1000);
    const swept = unwrapOrThrow(await harness.ledger.sweepExpired(harness.tenantId, { limit: 10 }));
    expect(swept.expired.map((expired) => expired.id)).toEqual([result?.id]);
    expect(await available(harness, wallet)).toBe(1000n);
    const types = (await outboxEvents(harness)).map((event) => event.type);
    expect(types).toContain('ledger.journal.created');
    expect(types).toContain('ledger.journal.expired');
  });
});
