import { FakeClock, type Storage, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { CVV_TTL_DEFAULT_MS } from '../../src/cards/card-limits.js';
import { CARD_PERMISSIONS } from '../../src/cards/card-permissions.js';
import { CARD_COLLECTIONS } from '../../src/cards/card-records.js';
import { createCardVault } from '../../src/cards/card-vault.js';
import { createMemorySensitiveDataStore } from '../../src/cards/memory-sensitive-data-store.js';
import type { SensitiveDataStore } from '../../src/cards/sensitive-data-store.js';
import { createStorageSensitiveDataStore } from '../../src/cards/storage-sensitive-data-store.js';
import {
  auditLeaves,
  type CardHarness,
  cardInput,
  createCardHarness,
  getRecord,
  listRecords,
  principal,
  TEST_PANS,
  tenant,
} from './card-fixture.js';

const admin = principal();
const acme = tenant('acme');
const globex = tenant('globex');
const MINUTE_MS = 60_000;

interface StoreUnderTest {
  readonly store: SensitiveDataStore;
  readonly clock: FakeClock;
  /** Whether an entry still exists below the port (storage: the record; memory: nothing to see). */
  readonly stored: (key: string) => Promise<boolean>;
}

const STORES: readonly [string, () => StoreUnderTest][] = [
  [
    'memory',
    () => {
      const clock = new FakeClock();
      return { store: createMemorySensitiveDataStore({ clock }), clock, stored: async () => false };
    },
  ],
  [
    'storage',
    () => {
      const clock = new FakeClock();
      const storage = createMemoryStorage();
      return {
        store: createStorageSensitiveDataStore({ storage, clock }),
        clock,
        stored: async (key) =>
          (await getRecord(storage, acme, CARD_COLLECTIONS.sensitiveData, key)) !== undefined,
      };
    },
  ],
];

describe.each(STORES)('%s sensitive data store', (kind, make) => {
  it('returns an entry once, then nothing, and removes it as it reads', async () => {
    const { store, clock, stored } = make();
    expect(store.kind).toBe(kind);
    const expiresAt = new Date(clock.now().getTime() + MINUTE_MS);
    unwrapOrThrow(await store.put(acme, 'k1', 'sealed-1', expiresAt));
    if (kind === 'storage') expect(await stored('k1')).toBe(true);
    expect(unwrapOrThrow(await store.take(acme, 'k1'))).toBe('sealed-1');
    expect(await stored('k1')).toBe(false);
    expect(unwrapOrThrow(await store.take(acme, 'k1'))).toBeNull();
  });

  it('keeps tenants apart and replaces an entry put again', async () => {
    const { store, clock } = make();
    const expiresAt = new Date(clock.now().getTime() + MINUTE_MS);
    unwrapOrThrow(await store.put(acme, 'k1', 'old', expiresAt));
    unwrapOrThrow(await store.put(acme, 'k1', 'new', expiresAt));
    expect(unwrapOrThrow(await store.take(globex, 'k1'))).toBeNull();
    expect(unwrapOrThrow(await store.take(acme, 'k1'))).toBe('new');
  });

  it('never returns an expired entry, and removes it when asked for it', async () => {
    const { store, clock, stored } = make();
    unwrapOrThrow(
      await store.put(acme, 'k1', 'sealed', new Date(clock.now().getTime() + MINUTE_MS)),
    );
    clock.advance(MINUTE_MS);
    expect(unwrapOrThrow(await store.take(acme, 'k1'))).toBeNull();
    expect(await stored('k1')).toBe(false);
  });

  it('sweeps expired entries of a tenant and keeps live ones; discards on request', async () => {
    const { store, clock, stored } = make();
    const now = clock.now().getTime();
    unwrapOrThrow(await store.put(acme, 'a', 'x', new Date(now + MINUTE_MS)));
    unwrapOrThrow(await store.put(acme, 'b', 'x', new Date(now + MINUTE_MS)));
    unwrapOrThrow(await store.put(acme, 'c', 'x', new Date(now + 10 * MINUTE_MS)));
    unwrapOrThrow(await store.put(globex, 'd', 'x', new Date(now + MINUTE_MS)));
    clock.advance(2 * MINUTE_MS);
    expect(unwrapOrThrow(await store.sweep(acme))).toBe(2);
    expect(await stored('a')).toBe(false);
    expect(unwrapOrThrow(await store.sweep(acme))).toBe(0);
    expect(unwrapOrThrow(await store.sweep(globex))).toBe(1);
    unwrapOrThrow(await store.discard(acme, 'c'));
    unwrapOrThrow(await store.discard(acme, 'never-there'));
    expect(unwrapOrThrow(await store.take(acme, 'c'))).toBeNull();
  });

  it('gives a racing pair of takes the entry exactly once', async () => {
    const { store, clock } = make();
    unwrapOrThrow(
      await store.put(acme, 'k1', 'sealed', new Date(clock.now().getTime() + MINUTE_MS)),
    );
    const taken = await Promise.all([store.take(acme, 'k1'), store.take(acme, 'k1')]);
    expect(taken.map((result) => unwrapOrThrow(result)).sort()).toEqual([null, 'sealed']);
  });
});

describe('memory sensitive data store limits', () => {
  it('refuses a put beyond maxEntries until expired entries can be dropped', async () => {
    const clock = new FakeClock();
    const store = createMemorySensitiveDataStore({ clock, maxEntries: 2 });
    const soon = new Date(clock.now().getTime() + MINUTE_MS);
    unwrapOrThrow(await store.put(acme, 'a', 'x', soon));
    unwrapOrThrow(await store.put(globex, 'b', 'x', soon));
    // Replacing an entry does not need room.
    unwrapOrThrow(await store.put(acme, 'a', 'y', soon));
    expect((await store.put(acme, 'c', 'x', soon))._unsafeUnwrapErr()).toEqual({
      type: 'vault.sensitive_data_store_full',
      maximum: 2,
    });
    clock.advance(MINUTE_MS);
    unwrapOrThrow(await store.put(acme, 'c', 'x', new Date(clock.now().getTime() + MINUTE_MS)));
    expect(unwrapOrThrow(await store.take(acme, 'c'))).toBe('x');
  });
});

function storageBacked(harness: { storage: Storage }) {
  return listRecords(harness.storage, acme, CARD_COLLECTIONS.sensitiveData);
}

async function tokenizeWithCvv(harness: CardHarness, pan: string = TEST_PANS.amex, cvv = '1234') {
  return unwrapOrThrow(await harness.vault.tokenize(acme, admin, cardInput(pan, { cvv })));
}

describe('security codes in the vault', () => {
  it('holds the code only in process memory by default: nothing reaches the storage', async () => {
    const harness = createCardHarness();
    const card = await tokenizeWithCvv(harness);
    expect(
      dumpMemoryStorage(harness.storage).filter((row) => row.collection === 'vault.sad'),
    ).toEqual([]);
    expect((await auditLeaves(harness))[0]?.details['withSensitiveData']).toBe(true);
    const cvv = await harness.vault.takeCvvForAuthorization(
      acme,
      admin,
      card.token,
      'authorization',
    );
    expect(cvv._unsafeUnwrap()).toBe('1234');
    const again = await harness.vault.takeCvvForAuthorization(
      acme,
      admin,
      card.token,
      'authorization',
    );
    expect(again._unsafeUnwrapErr()).toEqual({ type: 'vault.cvv_not_found' });
    const takes = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === 'vault.card.cvv_taken',
    );
    expect(takes.map((leaf) => [leaf.outcome, leaf.details['reason'] ?? null])).toEqual([
      ['succeeded', null],
      ['failed', 'vault.cvv_not_found'],
    ]);
    expect(takes[0]?.details['purpose']).toBe('authorization');
  });

  it('stores the code encrypted in vault.sad with the storage store, and deletes it on first use', async () => {
    const harness = createCardHarness({
      sensitiveData: (storage, clock) => createStorageSensitiveDataStore({ storage, clock }),
    });
    const card = await tokenizeWithCvv(harness);
    const [held, ...others] = await storageBacked(harness);
    expect(others).toEqual([]);
    expect(held?.id).toBe(card.token);
    expect(String(held?.data['sealed'])).toMatch(/^sr1\.[A-Za-z0-9_-]+$/);
    expect(held?.data['expiresAt']).toBe(
      new Date(harness.clock.now().getTime() + CVV_TTL_DEFAULT_MS).toISOString(),
    );
    // The envelope is bound to its token and field: it opens as the code, nowhere else.
    const opened = await harness.cipher.decrypt(
      { tenantId: acme, recordId: card.token, field: 'cvv' },
      String(held?.data['sealed']),
    );
    expect(new TextDecoder().decode(opened._unsafeUnwrap())).toBe('1234');
    const elsewhere = await harness.cipher.decrypt(
      { tenantId: acme, recordId: card.token, field: 'pan' },
      String(held?.data['sealed']),
    );
    expect(elsewhere._unsafeUnwrapErr().type).toBe('vault.decryption_failed');

    expect(
      unwrapOrThrow(await harness.vault.takeCvvForAuthorization(acme, admin, card.token, 'auth')),
    ).toBe('1234');
    expect(
      await getRecord(harness.storage, acme, CARD_COLLECTIONS.sensitiveData, card.token),
    ).toBeUndefined();
    expect(
      (
        await harness.vault.takeCvvForAuthorization(acme, admin, card.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.cvv_not_found' });
  });

  it('forgets the code after the TTL: the record is gone and a take fails', async () => {
    const harness = createCardHarness({
      cvvTtlMs: 5 * MINUTE_MS,
      sensitiveData: (storage, clock) => createStorageSensitiveDataStore({ storage, clock }),
    });
    const expiring = await tokenizeWithCvv(harness, TEST_PANS.amex);
    const swept = await tokenizeWithCvv(harness, TEST_PANS.amexAlt);
    harness.clock.advance(5 * MINUTE_MS);
    expect(
      (
        await harness.vault.takeCvvForAuthorization(acme, admin, expiring.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.cvv_not_found' });
    expect(
      await getRecord(harness.storage, acme, CARD_COLLECTIONS.sensitiveData, expiring.token),
    ).toBeUndefined();
    expect(unwrapOrThrow(await harness.vault.sweepSensitiveData(acme))).toBe(1);
    expect(
      await getRecord(harness.storage, acme, CARD_COLLECTIONS.sensitiveData, swept.token),
    ).toBeUndefined();
    expect(await storageBacked(harness)).toEqual([]);
  });

  it('never holds the code past the token’s own lifetime', async () => {
    const harness = createCardHarness({
      sensitiveData: (storage, clock) => createStorageSensitiveDataStore({ storage, clock }),
    });
    const expiresAt = new Date(harness.clock.now().getTime() + MINUTE_MS);
    await harness.vault.tokenize(acme, admin, cardInput(TEST_PANS.visa, { cvv: '123', expiresAt }));
    const [held] = await storageBacked(harness);
    expect(held?.data['expiresAt']).toBe(expiresAt.toISOString());
  });

  it('drops the held code when the token is deleted', async () => {
    let store: SensitiveDataStore | undefined;
    const harness = createCardHarness({
      sensitiveData: (_storage, clock) => {
        store = createMemorySensitiveDataStore({ clock });
        return store;
      },
    });
    const card = await tokenizeWithCvv(harness);
    unwrapOrThrow(await harness.vault.deleteToken(acme, admin, card.token));
    expect(unwrapOrThrow(await (store as SensitiveDataStore).take(acme, card.token))).toBeNull();
    expect(
      (
        await harness.vault.takeCvvForAuthorization(acme, admin, card.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.token_not_found' });
  });

  it('replaces the held code when the same card is tokenized again with a new one', async () => {
    const harness = createCardHarness();
    const first = await tokenizeWithCvv(harness, TEST_PANS.amex, '1111');
    const second = await tokenizeWithCvv(harness, TEST_PANS.amex, '2222');
    expect(second.token).toBe(first.token);
    expect(
      unwrapOrThrow(await harness.vault.takeCvvForAuthorization(acme, admin, first.token, 'auth')),
    ).toBe('2222');
  });

  it('needs vault.card.authorize, a purpose and a live token; each refusal is typed and audited', async () => {
    const harness = createCardHarness();
    const card = await tokenizeWithCvv(harness);
    const reader = principal([CARD_PERMISSIONS.revealFull]);
    expect(
      (
        await harness.vault.takeCvvForAuthorization(acme, reader, card.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.permission_denied', permission: 'vault.card.authorize' });
    expect(
      (await harness.vault.takeCvvForAuthorization(acme, admin, card.token, ''))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'purpose',
      reason: 'empty',
    });
    expect(
      (await harness.vault.takeCvvForAuthorization(acme, admin, 'tok', 'auth'))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'token',
      reason: 'bad_format',
    });
    expect(
      (
        await harness.vault.takeCvvForAuthorization(globex, admin, card.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.token_not_found' });
    const denied = (await auditLeaves(harness)).find((leaf) => leaf.outcome === 'denied');
    expect(denied).toMatchObject({
      action: 'vault.card.cvv_taken',
      details: { permission: 'vault.card.authorize' },
    });
    // None of the refusals consumed the code.
    expect(
      unwrapOrThrow(await harness.vault.takeCvvForAuthorization(acme, admin, card.token, 'auth')),
    ).toBe('1234');
  });

  it('refuses a take for an expired token', async () => {
    const harness = createCardHarness({ cvvTtlMs: 60 * MINUTE_MS });
    const expiresAt = new Date(harness.clock.now().getTime() + 30 * MINUTE_MS);
    const card = unwrapOrThrow(
      await harness.vault.tokenize(
        acme,
        admin,
        cardInput(TEST_PANS.visa, { cvv: '123', expiresAt }),
      ),
    );
    harness.clock.set(expiresAt);
    expect(
      (
        await harness.vault.takeCvvForAuthorization(acme, admin, card.token, 'auth')
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.token_expired' });
  });

  it('bounds the TTL a vault may be configured with', () => {
    const harness = createCardHarness();
    const options = {
      storage: harness.storage,
      audit: harness.audit,
      cipher: harness.cipher,
      fingerprintKey: harness.fingerprintKey.read,
      clock: harness.clock,
    };
    expect(() => createCardVault({ ...options, cvvTtlMs: 2 * 60 * MINUTE_MS })).toThrow(/cvvTtlMs/);
    expect(() => createCardVault({ ...options, cvvTtlMs: 0 })).toThrow(/cvvTtlMs/);
    expect(() => createCardVault({ ...options, keyId: 'Not A Name' })).toThrow(/keyId/);
  });
});
