import { unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { LEDGER_AUDIT_ACTIONS } from '../../src/service/ledger-audit.js';
import { LEDGER_COLLECTIONS } from '../../src/store/ledger-collections.js';
import {
  accountInput,
  auditLeaves,
  createLedgerHarness,
  listRecords,
  outboxEvents,
  snapshot,
  transferId,
} from './ledger-fixture.js';

describe('createAccounts', () => {
  it('creates accounts with one leaf and one outbox event each, in one transaction', async () => {
    const harness = createLedgerHarness();
    const inputs = [
      accountInput({ type: 'asset', name: 'Bank' }),
      accountInput({ owner: { type: 'user', id: 'usr_1' }, limits: { floorMinor: -500n } }),
    ];
    const before = harness.storage.counts.transactions;
    const results = unwrapOrThrow(
      await harness.ledger.createAccounts(harness.tenantId, inputs, { correlationId: 'c-9' }),
    );
    expect(harness.storage.counts.transactions - before).toBe(1);
    expect(results.map((result) => result.status)).toEqual(['created', 'created']);
    const [, wallet] = unwrapOrThrow(
      await harness.ledger.lookupAccounts(
        harness.tenantId,
        inputs.map((input) => input.id),
      ),
    );
    expect(wallet).toMatchObject({
      owner: { type: 'user', id: 'usr_1' },
      limits: { floorMinor: -500n, ceilingMinor: null },
      entryCount: 0,
    });
    const leaves = await auditLeaves(harness);
    expect(leaves).toHaveLength(1);
    expect(leaves[0]).toMatchObject({
      action: LEDGER_AUDIT_ACTIONS.accountsCreated,
      correlationId: 'c-9',
      details: { statuses: { created: 2 } },
    });
    const events = await outboxEvents(harness);
    expect(events.map((event) => event.type)).toEqual([
      'ledger.account.created',
      'ledger.account.created',
    ]);
    expect(events[1]?.payload['limits']).toEqual({ floorMinor: '-500', ceilingMinor: null });
  });

  it('answers a retry `exists` and a changed retry `exists_with_different_*`, writing nothing', async () => {
    const harness = createLedgerHarness();
    const input = accountInput();
    unwrapOrThrow(await harness.ledger.createAccounts(harness.tenantId, [input]));
    const before = snapshot(harness);
    const results = unwrapOrThrow(
      await harness.ledger.createAccounts(harness.tenantId, [input, { ...input, name: 'Other' }]),
    );
    expect(results.map((result) => result.status)).toEqual([
      'exists',
      'exists_with_different_name',
    ]);
    expect(snapshot(harness)).toBe(before);
  });

  it('refuses bad inputs with typed results and writes nothing', async () => {
    const harness = createLedgerHarness();
    const before = snapshot(harness);
    const results = unwrapOrThrow(
      await harness.ledger.createAccounts(harness.tenantId, [
        accountInput({ id: transferId() }),
        accountInput({ currency: 'usd' }),
        accountInput({ code: 0 }),
        accountInput({
          flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
        }),
        accountInput({ limits: { floorMinor: 5n } }),
        accountInput({ metadata: { blob: 'x'.repeat(5000) } }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual([
      'id_invalid',
      'currency_invalid',
      'code_must_not_be_zero',
      'flags_are_mutually_exclusive',
      'floor_must_not_be_positive',
      'metadata_too_large',
    ]);
    expect(snapshot(harness)).toBe(before);
    expect(await listRecords(harness, LEDGER_COLLECTIONS.accounts)).toHaveLength(0);
  });

  it('creates a linked chain of accounts all or nothing', async () => {
    const harness = createLedgerHarness();
    const results = unwrapOrThrow(
      await harness.ledger.createAccounts(harness.tenantId, [
        accountInput({ flags: { linked: true } }),
        accountInput({ code: 0 }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual([
      'linked_event_failed',
      'code_must_not_be_zero',
    ]);
    expect(await listRecords(harness, LEDGER_COLLECTIONS.accounts)).toHaveLength(0);
  });
});
