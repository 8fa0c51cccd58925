import { FakeClock, ok, parseTenantId, systemClock, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { describe, expect, it } from 'vitest';
import { createStrongroom } from '../src/index.js';

const secret = (fill: number) =>
  JSON.stringify({ versions: [{ version: 1, value: Buffer.alloc(32, fill).toString('base64') }] });

function baseOptions() {
  return {
    storage: createMemoryStorage(),
    clock: new FakeClock(new Date('2026-05-01T12:00:00.000Z')),
    audit: {
      signing: { originPrefix: 'audit.example.com', masterSeeds: [new Uint8Array(32).fill(1)] },
    },
    vault: {
      kms: createSoftwareKms({
        keyring: generateSoftwareKeyring(['cards', 'fields'], systemClock),
      }),
      secrets: createEnvironmentSecretProvider({
        STRONGROOM_SECRET_CARD_FINGERPRINT: secret(2),
        STRONGROOM_SECRET_BLIND_INDEX: secret(3),
      }),
    },
  };
}

describe('createStrongroom disputes wiring', () => {
  it('opens a chargeback whose withdrawal lands in the facade ledger, with its events in the shared store', async () => {
    const ids = { reserve: '', fees: '', losses: '' };
    const strongroom = createStrongroom({
      ...baseOptions(),
      disputes: {
        houseAccounts: (currency) =>
          currency === 'USD'
            ? {
                reserveAccountId: ids.reserve as never,
                feeAccountId: ids.fees as never,
                lossAccountId: ids.losses as never,
              }
            : undefined,
      },
    });
    const disputes = strongroom.disputes;
    if (disputes === undefined) throw new Error('disputes were configured');
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const [settlement, merchant, reserve, fees, losses] = Array.from({ length: 5 }, () =>
      strongroom.ids.next('acc'),
    );
    if (!settlement || !merchant || !reserve || !fees || !losses) throw new Error('five ids');
    Object.assign(ids, { reserve, fees, losses });
    unwrapOrThrow(
      await strongroom.ledger.createAccounts(
        tenantId,
        [settlement, merchant, reserve, fees, losses].map((id, index) => ({
          id,
          currency: 'USD',
          code: 1,
          name: `Account ${index}`,
          type: index === 0 ? ('asset' as const) : ('liability' as const),
        })),
      ),
    );
    const payment = strongroom.ids.next('trf');
    unwrapOrThrow(
      await strongroom.ledger.createTransfer(tenantId, {
        kind: 'transfer',
        transfer: {
          id: payment,
          debitAccountId: settlement,
          creditAccountId: merchant,
          amountMinor: 900n,
          currency: 'USD',
          code: 1,
        },
      }),
    );
    const disputeId = disputes.newDisputeId();
    const opened = unwrapOrThrow(
      await disputes.execute(tenantId, {
        type: 'open_chargeback',
        disputeId,
        occurredAt: '2026-05-01T12:00:00.000Z',
        source: { kind: 'merchant' },
        transferId: payment,
        merchantAccountId: merchant,
        network: 'mastercard',
        reasonCode: '4853',
        amount: { amountMinor: '900', currency: 'USD' },
        transactionDate: '2026-04-20',
        withdrawsFunds: true,
      }),
    );
    expect(opened.dispute?.status).toBe('chargeback_needs_response');
    const [reserveAccount] = unwrapOrThrow(
      await strongroom.ledger.lookupAccounts(tenantId, [reserve]),
    );
    expect(reserveAccount?.balances.creditsPosted).toBe(900n);
    const stream = await strongroom.storage.transaction(tenantId, (tx) =>
      strongroom.events.readStream(tx, disputeId),
    );
    expect(unwrapOrThrow(stream).events.map((event) => event.type)).toEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
    ]);
    const outbox = await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(await tx.outbox.list({ limit: 10 })),
    );
    expect(
      unwrapOrThrow(outbox).items.filter((event) => event.streamId === disputeId),
    ).toHaveLength(2);
    await strongroom.close();
  });

  it('leaves disputes out when no disputes options are given', () => {
    const strongroom = createStrongroom(baseOptions());
    expect(strongroom.disputes).toBeUndefined();
    expect(strongroom.events).toBeDefined();
  });
});
