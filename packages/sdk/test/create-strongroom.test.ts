import { FakeClock, ok, parseTenantId, systemClock, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
  type Kms,
} from '@strongroom/vault';
import { describe, expect, it } from 'vitest';
import { createStrongroom } from '../src/index.js';

const audit = {
  signing: { originPrefix: 'audit.example.com', masterSeeds: [new Uint8Array(32).fill(1)] },
};

const secret = (fill: number) =>
  JSON.stringify({ versions: [{ version: 1, value: Buffer.alloc(32, fill).toString('base64') }] });

/** A vault on the software KMS with both KEKs, and the two secrets it reads. */
function vaultOptions(kms: Kms = createSoftwareKms({ keyring: softwareKeyring() })) {
  const secrets = createEnvironmentSecretProvider({
    STRONGROOM_SECRET_CARD_FINGERPRINT: secret(2),
    STRONGROOM_SECRET_BLIND_INDEX: secret(3),
  });
  return { kms, secrets };
}

function softwareKeyring() {
  return generateSoftwareKeyring(['cards', 'fields'], systemClock);
}

describe('createStrongroom', () => {
  it('runs transactions on the storage it was given, with the injected clock and ids', async () => {
    const clock = new FakeClock(new Date('2026-05-01T12:00:00.000Z'));
    let minted = 0;
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock,
      audit,
      vault: vaultOptions(),
      ids: {
        next: (prefix) => {
          minted += 1;
          return `${prefix}_fixed${minted}` as never;
        },
      },
    });
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const id = strongroom.ids.next('acc');
    await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'accounts',
          id,
          data: { openedAt: strongroom.clock.now().toISOString() },
          expectedVersion: 0,
        }),
      ),
    );
    const stored = await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.get('accounts', id)),
    );
    expect(stored._unsafeUnwrap()).toMatchObject({
      id: 'acc_fixed1',
      data: { openedAt: '2026-05-01T12:00:00.000Z' },
    });
  });

  it('defaults to the system clock and TypeID ids, and closes the storage once', async () => {
    let closes = 0;
    const storage = createMemoryStorage();
    const strongroom = createStrongroom({
      audit,
      vault: vaultOptions(),
      storage: {
        ...storage,
        close: async () => {
          closes += 1;
        },
      },
    });
    const before = Date.now();
    expect(strongroom.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(strongroom.ids.next('usr')).toMatch(/^usr_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
    await strongroom.close();
    await strongroom.close();
    expect(closes).toBe(1);
  });
});

describe('createStrongroom audit wiring', () => {
  it('records an audit entry with the change, stamped by the injected clock, and seals it in a checkpoint', async () => {
    const clock = new FakeClock(new Date('2026-05-01T12:00:00.000Z'));
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock,
      audit,
      vault: vaultOptions(),
    });
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const receipt = await strongroom.storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'accounts', id: 'acc_1', data: {}, expectedVersion: 0 });
      return strongroom.audit.append(tx, {
        actor: { type: 'user', id: 'usr_1' },
        action: 'ledger.account.opened',
        resource: { type: 'account', id: 'acc_1' },
        outcome: 'succeeded',
      });
    });
    const { leafId } = unwrapOrThrow(receipt);
    expect(unwrapOrThrow(await strongroom.audit.waitForSequencing(tenantId, leafId))).toEqual({
      leafId,
      index: 0,
    });
    const proof = unwrapOrThrow(await strongroom.audit.inclusionProof(tenantId, leafId));
    expect(JSON.parse(proof.leaf)).toMatchObject({
      timestamp: '2026-05-01T12:00:00.000Z',
      action: 'ledger.account.opened',
    });
    expect(strongroom.audit.origin(tenantId)).toBe('audit.example.com/acme');
  });
});

describe('createStrongroom vault wiring', () => {
  it('tokenizes a card on the facade storage, audited in the tenant log, and closes the KMS once', async () => {
    const kms = createSoftwareKms({ keyring: softwareKeyring() });
    let kmsCloses = 0;
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock: new FakeClock(new Date('2026-05-01T12:00:00.000Z')),
      audit,
      vault: vaultOptions({
        ...kms,
        close: async () => {
          kmsCloses += 1;
          await kms.close();
        },
      }),
    });
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const principal = {
      actor: { type: 'service' as const, id: 'checkout' },
      permissions: new Set(['vault.card.tokenize']),
    };
    const tokenized = unwrapOrThrow(
      await strongroom.vault.cards.tokenize(tenantId, principal, {
        pan: '4242424242424242',
        expiryMonth: 12,
        expiryYear: 2030,
        cardholderName: 'Ada Lovelace',
      }),
    );
    expect(tokenized.token).toMatch(/^tok_/);
    expect(tokenized.last4).toBe('4242');
    const batch = unwrapOrThrow(await strongroom.audit.integrate(tenantId));
    expect(batch.treeSize).toBe(1);
    await strongroom.close();
    await strongroom.close();
    expect(kmsCloses).toBe(1);
  });
});

describe('createStrongroom ledger wiring', () => {
  it('moves money on the facade storage with its audit leaf and outbox event in the same commit', async () => {
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock: new FakeClock(new Date('2026-05-01T12:00:00.000Z')),
      audit,
      vault: vaultOptions(),
    });
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const [cash, wallet] = [strongroom.ids.next('acc'), strongroom.ids.next('acc')];
    const accounts = unwrapOrThrow(
      await strongroom.ledger.createAccounts(tenantId, [
        { id: cash, currency: 'USD', code: 1, name: 'Cash', type: 'asset' },
        { id: wallet, currency: 'USD', code: 2, name: 'Wallet', type: 'liability' },
      ]),
    );
    expect(accounts.map((result) => result.status)).toEqual(['created', 'created']);
    const transfer = unwrapOrThrow(
      await strongroom.ledger.createTransfer(tenantId, {
        kind: 'transfer',
        transfer: {
          id: strongroom.ids.next('trf'),
          debitAccountId: cash,
          creditAccountId: wallet,
          amountMinor: 2500n,
          currency: 'USD',
          code: 1,
        },
      }),
    );
    expect(transfer.status).toBe('created');
    const outbox = await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(await tx.outbox.list({ limit: 10 })),
    );
    expect(unwrapOrThrow(outbox).items.map((event) => event.type)).toContain(
      'ledger.transfer.created',
    );
    const batch = unwrapOrThrow(await strongroom.audit.integrate(tenantId));
    expect(batch.treeSize).toBe(2);
    await strongroom.close();
  });
});
