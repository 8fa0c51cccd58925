import { MONEY_MAX_MINOR_UNITS, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { LEDGER_BATCH_EVENTS_MAX } from '../../src/model/ledger-limits.js';
import { LEDGER_AUDIT_ACTIONS } from '../../src/service/ledger-audit.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';
import {
  accountId,
  auditLeaves,
  createLedgerHarness,
  INJECTED_FAULT,
  type LedgerHarness,
  listBurnedRecords,
  listMovementRecords,
  listRecords,
  openAccounts,
  outboxEvents,
  snapshot,
  tenant,
  transfer,
  transferId,
} from './ledger-fixture.js';

// A bank (asset) funding two customer wallets (liabilities); `guarded` cannot go negative.
async function books(harness: LedgerHarness) {
  const [bank, wallet, guarded, euros] = await openAccounts(harness, [
    { type: 'asset', name: 'Bank' },
    { name: 'Wallet' },
    { name: 'Guarded', flags: { debitsMustNotExceedCredits: true } },
    { name: 'Euro wallet', currency: 'EUR' },
  ]);
  if (bank === undefined || wallet === undefined || guarded === undefined || euros === undefined)
    throw new Error('four accounts');
  return { bank, wallet, guarded, euros };
}

describe('createTransfers', () => {
  it('commits a transfer, its audit leaf and its outbox event in one transaction', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await books(harness);
    const before = harness.storage.counts.transactions;
    const event = transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1250n });
    const context = { correlationId: 'corr-1', requestId: 'req-1' };
    const [result] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [event], context),
    );
    expect(harness.storage.counts.transactions - before).toBe(1);
    expect(result?.status).toBe('created');
    expect(result?.debitAccount?.debitsPosted).toBe(1250n);
    expect(result?.creditAccount?.creditsPosted).toBe(1250n);

    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    expect(leaves).toHaveLength(1);
    const [leaf] = leaves;
    expect(leaf?.details).toMatchObject({ events: 1, statuses: { created: 1 } });
    expect(leaf?.correlationId).toBe('corr-1');
    expect(leaf?.requestId).toBe('req-1');
    const events = (await outboxEvents(harness)).filter((e) =>
      e.type.startsWith('ledger.transfer'),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ledger.transfer.created',
      correlationId: 'corr-1',
      causationId: leaf?.resource.id,
      payload: { amountMinor: '1250', currency: 'USD', debitAccountId: bank },
    });
    const [stored] = unwrapOrThrow(
      await harness.ledger.lookupTransfers(harness.tenantId, [result?.id ?? '']),
    );
    expect(stored?.amountMinor).toBe(1250n);
  });

  it('gives every event of a batch its own result and writes one leaf with counts by status', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await books(harness);
    const unknown = accountId();
    const events = [
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 100n }),
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 0n }),
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 200n }),
      transfer({ debitAccountId: bank, creditAccountId: unknown, amountMinor: 5n }),
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 300n }),
    ];
    const results = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, events));
    expect(results.map((result) => result.status)).toEqual([
      'created',
      'amount_must_be_positive',
      'created',
      'credit_account_not_found',
      'created',
    ]);
    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    expect(leaves).toHaveLength(1);
    expect(leaves[0]?.details['statuses']).toEqual({
      created: 3,
      amount_must_be_positive: 1,
      credit_account_not_found: 1,
    });
    const transferEvents = (await outboxEvents(harness)).filter(
      (event) => event.type === 'ledger.transfer.created',
    );
    expect(transferEvents).toHaveLength(3);
    // The transient failure burned its id; the validation failure did not.
    const burned = await listBurnedRecords(harness);
    expect(burned.map((record) => record.id)).toEqual([results[3]?.id]);
    const balance = unwrapOrThrow(await harness.ledger.balance(harness.tenantId, wallet));
    expect(balance.balances.creditsPosted).toBe(600n);
  });

  it('commits a linked chain all or nothing and burns the id of its transient failure', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet, guarded } = await books(harness);
    const chain = [
      transfer({
        debitAccountId: bank,
        creditAccountId: wallet,
        amountMinor: 100n,
        flags: { linked: true },
      }),
      transfer({
        debitAccountId: guarded,
        creditAccountId: wallet,
        amountMinor: 1n,
        flags: { linked: true },
      }),
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 300n }),
    ];
    const results = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, chain));
    expect(results.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'exceeds_credits',
      'linked_event_failed',
    ]);
    expect(await listMovementRecords(harness)).toHaveLength(0);
    expect(await listRecords(harness, LEDGER_COLLECTIONS.entries)).toHaveLength(0);
    const wallets = unwrapOrThrow(await harness.ledger.lookupAccounts(harness.tenantId, [wallet]));
    expect(wallets[0]?.balances.creditsPosted).toBe(0n);
    // The failed member's id is burned: even once funds arrive, that id never succeeds.
    unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ debitAccountId: bank, creditAccountId: guarded, amountMinor: 10n }),
      ]),
    );
    const retry = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, chain));
    expect(retry.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'id_already_failed',
      'linked_event_failed',
    ]);
    // The leaf of the failed chain says it failed.
    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    expect(leaves[0]?.outcome).toBe('failed');
  });

  it('answers a chain left open at the end of the batch and writes nothing', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await books(harness);
    const before = snapshot(harness);
    const results = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: 1n,
          flags: { linked: true },
        }),
      ]),
    );
    expect(results[0]?.status).toBe('linked_event_chain_open');
    expect(snapshot(harness)).toBe(before);
  });

  it('answers a retry with the same id `exists` with the original stamp and writes nothing', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await books(harness);
    const event = transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 700n });
    const [first] = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, [event]));
    const before = snapshot(harness);
    harness.clock.advance(60_000);
    const [again] = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, [event]));
    expect(again?.status).toBe('exists');
    expect(again?.timestamp).toBe(first?.timestamp);
    const single = unwrapOrThrow(await harness.ledger.createTransfer(harness.tenantId, event));
    expect(single.status).toBe('exists');
    expect(snapshot(harness)).toBe(before);
    // The same id with other content is not a retry.
    const changed = {
      kind: 'transfer' as const,
      transfer: { ...(event.kind === 'transfer' ? event.transfer : { id: '' }), amountMinor: 701n },
    };
    const [different] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [changed]),
    );
    expect(different?.status).toBe('exists_with_different_amount');
    expect(snapshot(harness)).toBe(before);
  });

  it('refuses malformed and hostile events with typed results and writes nothing', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet, euros } = await books(harness);
    const [posted] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 5n }),
      ]),
    );
    const before = snapshot(harness);
    const cases = [
      [
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 0n }),
        'amount_must_be_positive',
      ],
      [
        transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: -5n }),
        'amount_must_not_be_negative',
      ],
      [
        transfer({
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: MONEY_MAX_MINOR_UNITS + 1n,
        }),
        'amount_exceeds_maximum',
      ],
      [
        transfer({ debitAccountId: bank, creditAccountId: euros, amountMinor: 5n }),
        'accounts_must_have_the_same_currency',
      ],
      [
        transfer({
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: 5n,
          currency: 'EUR',
        }),
        'transfer_must_have_the_same_currency_as_accounts',
      ],
      [
        transfer({
          id: accountId(),
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: 5n,
        }),
        'id_invalid',
      ],
      [
        transfer({ debitAccountId: transferId(), creditAccountId: wallet, amountMinor: 5n }),
        'debit_account_id_invalid',
      ],
      [
        transfer({ debitAccountId: wallet, creditAccountId: wallet, amountMinor: 5n }),
        'accounts_must_be_different',
      ],
      [
        transfer({ pendingId: posted?.id ?? '', flags: { postPending: true } }),
        'pending_transfer_not_pending',
      ],
      [
        transfer({
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: 5n,
          metadata: { note: 'x'.repeat(5000) },
        }),
        'metadata_too_large',
      ],
      [
        transfer({
          debitAccountId: bank,
          creditAccountId: wallet,
          amountMinor: 5n,
          flags: { sideways: true } as never,
        }),
        'reserved_flag',
      ],
      [{ kind: 'transfer' as const, transfer: null as never }, 'id_must_not_be_zero'],
    ] as const;
    const results = unwrapOrThrow(
      await harness.ledger.createTransfers(
        harness.tenantId,
        cases.map(([event]) => event),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(cases.map(([, status]) => status));
    expect(snapshot(harness)).toBe(before);
  });

  it('keeps other tenants apart: their accounts are not found', async () => {
    const harness = createLedgerHarness();
    const { bank } = await books(harness);
    const other = { ...harness, tenantId: tenant('globex') };
    const [foreign] = await openAccounts(other, [{}]);
    const [result] = unwrapOrThrow(
      await harness.ledger.createTransfers(harness.tenantId, [
        transfer({ debitAccountId: bank, creditAccountId: foreign ?? '', amountMinor: 5n }),
      ]),
    );
    expect(result?.status).toBe('credit_account_not_found');
  });

  it('rolls the whole command back when its audit leaf is refused', async () => {
    const harness = createLedgerHarness();
    const { bank, wallet } = await books(harness);
    const before = snapshot(harness);
    const refused = await harness.ledger.createTransfers(
      harness.tenantId,
      [transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 5n })],
      { requestId: 'not an identifier' },
    );
    expect(refused.isErr() && refused.error.type).toBe('audit.invalid_entry');
    expect(snapshot(harness)).toBe(before);
  });

  it('splits a batch to the storage write limit without ever splitting a chain', async () => {
    const harness = createLedgerHarness({ limits: { writesPerTransaction: 60 } });
    const { bank, wallet } = await books(harness);
    const plain = () =>
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1n });
    const linked = () =>
      transfer({
        debitAccountId: bank,
        creditAccountId: wallet,
        amountMinor: 1n,
        flags: { linked: true },
      });
    const events = [
      plain(),
      plain(),
      plain(),
      linked(),
      linked(),
      plain(),
      plain(),
      plain(),
      plain(),
    ];
    const before = harness.storage.counts.transactions;
    const results = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, events));
    expect(results.every((result) => result.status === 'created')).toBe(true);
    const transactions = harness.storage.counts.transactions - before;
    expect(transactions).toBeGreaterThan(1);
    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === LEDGER_AUDIT_ACTIONS.transfersCreated,
    );
    // One leaf per transaction, each naming where its part starts; no part starts inside the chain.
    expect(leaves).toHaveLength(transactions);
    const starts = leaves.map((leaf) => leaf.details['firstEvent']);
    expect(starts).not.toContain(4);
    expect(starts).not.toContain(5);
    expect(leaves.reduce((sum, leaf) => sum + Number(leaf.details['events']), 0)).toBe(
      events.length,
    );
  });

  it('refuses a chain no transaction of the storage can hold, before writing anything', async () => {
    const harness = createLedgerHarness({ limits: { writesPerTransaction: 60 } });
    const { bank, wallet } = await books(harness);
    const before = snapshot(harness);
    const events = Array.from({ length: 7 }, (_, index) =>
      transfer({
        debitAccountId: bank,
        creditAccountId: wallet,
        amountMinor: 1n,
        flags: { linked: index < 6 },
      }),
    );
    const refused = await harness.ledger.createTransfers(harness.tenantId, [
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1n }),
      ...events,
    ]);
    expect(refused.isErr() && refused.error).toMatchObject({
      type: 'ledger.chain_too_large',
      firstEvent: 1,
      events: 7,
    });
    expect(snapshot(harness)).toBe(before);
  });

  it('reports which events committed when a later transaction of a batch fails', async () => {
    const harness = createLedgerHarness({ limits: { writesPerTransaction: 60 } });
    const { bank, wallet } = await books(harness);
    const events = Array.from({ length: 8 }, () =>
      transfer({ debitAccountId: bank, creditAccountId: wallet, amountMinor: 1n }),
    );
    harness.storage.failTransactions.add(harness.storage.counts.transactions + 2);
    const outcome = await harness.ledger.createTransfers(harness.tenantId, events);
    if (outcome.isOk() || outcome.error.type !== 'ledger.batch_incomplete') {
      throw new Error('expected an incomplete batch');
    }
    const { committed, results, cause } = outcome.error;
    expect(cause).toEqual(INJECTED_FAULT);
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(events.length);
    expect(results.map((result) => result.status)).toEqual(Array(committed).fill('created'));
    const stored = await listMovementRecords(harness);
    expect(stored).toHaveLength(committed);
    // Sending the whole batch again completes it: the committed part answers `exists`.
    const again = unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, events));
    expect(again.slice(0, committed).every((result) => result.status === 'exists')).toBe(true);
    expect(again.slice(committed).every((result) => result.status === 'created')).toBe(true);
  });

  it('refuses a batch beyond the maximum before touching the storage', async () => {
    const harness = createLedgerHarness();
    const before = harness.storage.counts.transactions;
    const event = transfer({
      debitAccountId: accountId(),
      creditAccountId: accountId(),
      amountMinor: 1n,
    });
    const refused = await harness.ledger.createTransfers(
      harness.tenantId,
      Array(LEDGER_BATCH_EVENTS_MAX + 1).fill(event),
    );
    expect(refused.isErr() && refused.error).toEqual({
      type: 'ledger.batch_too_large',
      events: LEDGER_BATCH_EVENTS_MAX + 1,
      maximum: LEDGER_BATCH_EVENTS_MAX,
    });
    expect(harness.storage.counts.transactions).toBe(before);
    expect(unwrapOrThrow(await harness.ledger.createTransfers(harness.tenantId, []))).toEqual([]);
  });
});
