import type { AuditActor } from '@strongroom/audit';
import type { TenantId } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createEnvelopeCipher } from '../../src/envelope/create-envelope-cipher.js';
import type { EnvelopeCipher } from '../../src/envelope/envelope-cipher.js';
import { type ParsedEnvelope, parseEnvelope } from '../../src/envelope/envelope-format.js';
import { createFieldEncryption } from '../../src/fields/field-encryption.js';
import { parseWrappedKey, SUBJECT_KEY_COLLECTIONS } from '../../src/fields/subject-key-record.js';
import { createKeyManager, type KeyManager } from '../../src/keys/key-manager.js';
import type { KeyPolicies } from '../../src/keys/key-policy.js';
import { KEY_USAGE_COLLECTION } from '../../src/keys/key-usage.js';
import type { Kms } from '../../src/kms/kms.js';
import { blindIndexSecret, createCountingKms } from './kms-fixture.js';
import {
  auditEntries,
  createHarness,
  getRecord,
  type Harness,
  listRecords,
  putRecords,
  tenant,
} from './vault-fixture.js';

const acme = tenant('acme');
const system = tenant('system');
const OPERATOR: AuditActor = { type: 'user', id: 'usr_operator' };
const DAY_MS = 24 * 60 * 60 * 1000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface World {
  readonly harness: Harness;
  readonly kms: Kms;
  readonly manager: KeyManager;
  /** A cipher wired to the manager's usage counter, with the given policies. */
  cipher(policies?: KeyPolicies): EnvelopeCipher;
}

function world(policies: KeyPolicies = {}): World {
  const harness = createHarness();
  const { kms } = createCountingKms(harness.clock);
  const manager = createKeyManager({ ...harness, kms, policies });
  return {
    harness,
    kms,
    manager,
    cipher: (cipherPolicies = policies) =>
      createEnvelopeCipher({
        kms,
        clock: harness.clock,
        policies: cipherPolicies,
        // The cipher trusts a KEK's current version for a while; tests rotate and rewrap at once.
        kekDescriptionMaxAgeMs: 0,
        onDataKeyGenerated: (event) => manager.recordDataKeyGenerated(event),
      }),
  };
}

const binding = (recordId: string, field: string, tenantId: TenantId = acme) => ({
  tenantId,
  recordId,
  field,
});

/** Stores `count` card records in `shop.cards`, each with two envelopes, and returns the plaintexts. */
async function seedCards(w: World, count: number): Promise<Map<string, string>> {
  const cipher = w.cipher();
  const plaintexts = new Map<string, string>();
  for (let n = 0; n < count; n += 1) {
    const id = `card_${String(n).padStart(2, '0')}`;
    const data: Record<string, string> = { brand: 'visa' };
    for (const field of ['number', 'holder']) {
      const plaintext = `${field}-${n}`;
      data[field] = (
        await cipher.encrypt('cards', binding(id, field), encoder.encode(plaintext))
      )._unsafeUnwrap();
      plaintexts.set(`${id}/${field}`, plaintext);
    }
    await putRecords(w.harness.storage, acme, 'shop.cards', [{ id, data }]);
  }
  return plaintexts;
}

function body(parsed: ParsedEnvelope) {
  const { messageId, commitment, nonce, sealed } = parsed;
  return { messageId, commitment, nonce, sealed };
}

const CARD_LOCATIONS = [{ collection: 'shop.cards', fields: ['number', 'holder'] }];

describe('rotation and the rewrap job', () => {
  it('rotates: new encryptions use the new version, with an audit leaf in the system log', async () => {
    const w = world();
    const cipher = w.cipher();
    const before = (
      await cipher.encrypt('cards', binding('r', 'f'), encoder.encode('x'))
    )._unsafeUnwrap();
    expect(parseEnvelope(before)._unsafeUnwrap().wrapping.version).toBe(1);
    const rotated = (await w.manager.rotate('cards', OPERATOR))._unsafeUnwrap();
    expect(rotated.currentVersion).toBe(2);
    const after = (
      await cipher.encrypt('cards', binding('r', 'f'), encoder.encode('x'))
    )._unsafeUnwrap();
    expect(parseEnvelope(after)._unsafeUnwrap().wrapping.version).toBe(2);
    const leaves = await auditEntries(w.harness.storage, system);
    expect(leaves.map((leaf) => [leaf.action, leaf.outcome, leaf.details])).toEqual([
      ['vault.key.rotated', 'succeeded', { kms: 'software', version: 2 }],
    ]);
    expect(leaves[0]?.actor).toEqual(OPERATOR);
  });

  it('records a refused rotation, and refuses the reserved subject name', async () => {
    const w = world();
    expect((await w.manager.rotate('missing', OPERATOR))._unsafeUnwrapErr().type).toBe(
      'kms.key_not_found',
    );
    const leaves = await auditEntries(w.harness.storage, system);
    expect(leaves.map((leaf) => [leaf.outcome, leaf.details])).toEqual([
      ['failed', { kms: 'software', errorType: 'kms.key_not_found' }],
    ]);
    expect((await w.manager.rotate('subject', OPERATOR))._unsafeUnwrapErr()).toEqual({
      type: 'kms.invalid_request',
      field: 'keyId',
      reason: 'reserved',
    });
    expect((await w.manager.describe('Bad Name', { tenantIds: [] }))._unsafeUnwrapErr().type).toBe(
      'kms.invalid_request',
    );
  });

  it('moves every v1 envelope to v2 without touching bodies, resumably and idempotently', async () => {
    const w = world();
    const plaintexts = await seedCards(w, 7);
    const originals = new Map(
      (await listRecords(w.harness.storage, acme, 'shop.cards')).flatMap((record) =>
        ['number', 'holder'].map(
          (field) => [`${record.id}/${field}`, String(record.data[field])] as const,
        ),
      ),
    );
    await w.manager.rotate('cards', OPERATOR);
    const cipher = w.cipher();

    const partial = (
      await w.manager.rewrap({
        tenantId: acme,
        jobId: 'rot-1',
        locations: CARD_LOCATIONS,
        cipher,
        pageSizeMax: 3,
        maxPages: 1,
      })
    )._unsafeUnwrap();
    expect(partial).toMatchObject({ status: 'running', scanned: 6, rewrapped: 6, pages: 1 });
    const done = (
      await w.manager.rewrap({
        tenantId: acme,
        jobId: 'rot-1',
        locations: CARD_LOCATIONS,
        cipher,
        pageSizeMax: 3,
      })
    )._unsafeUnwrap();
    expect(done).toMatchObject({
      status: 'completed',
      scanned: 14,
      rewrapped: 14,
      alreadyCurrent: 0,
      conflicts: 0,
      failed: 0,
      pages: 3,
      cursor: null,
    });

    for (const record of await listRecords(w.harness.storage, acme, 'shop.cards')) {
      expect(record.data['brand']).toBe('visa');
      for (const field of ['number', 'holder']) {
        const now = parseEnvelope(String(record.data[field]))._unsafeUnwrap();
        const then = parseEnvelope(
          originals.get(`${record.id}/${field}`) as string,
        )._unsafeUnwrap();
        expect(now.wrapping.version).toBe(2);
        expect(then.wrapping.version).toBe(1);
        expect(now.wrapping.ciphertext).not.toEqual(then.wrapping.ciphertext);
        expect(body(now)).toEqual(body(then));
        const opened = await cipher.decrypt(binding(record.id, field), String(record.data[field]));
        expect(decoder.decode(opened._unsafeUnwrap())).toBe(
          plaintexts.get(`${record.id}/${field}`),
        );
      }
    }
    const pages = (await auditEntries(w.harness.storage, acme)).filter(
      (leaf) => leaf.action === 'vault.key.rewrapped',
    );
    expect(pages.map((leaf) => leaf.details['rewrapped'])).toEqual([6, 6, 2]);

    const again = (
      await w.manager.rewrap({ tenantId: acme, jobId: 'rot-2', locations: CARD_LOCATIONS, cipher })
    )._unsafeUnwrap();
    expect(again).toMatchObject({
      status: 'completed',
      scanned: 14,
      rewrapped: 0,
      alreadyCurrent: 14,
    });
  });

  it('retires v1 once the minimum decryption version is raised: old envelopes fail, rewrapped ones decrypt', async () => {
    const w = world();
    await seedCards(w, 2);
    const oldEnvelope = String(
      (await getRecord(w.harness.storage, acme, 'shop.cards', 'card_00'))?.data['number'],
    );
    await w.manager.rotate('cards', OPERATOR);
    await w.manager.rewrap({
      tenantId: acme,
      jobId: 'rot',
      locations: CARD_LOCATIONS,
      cipher: w.cipher(),
    });
    const retiring = w.cipher({ cards: { minDecryptionVersion: 2 } });
    expect(
      (await retiring.decrypt(binding('card_00', 'number'), oldEnvelope))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.key_version_retired',
      keyId: 'cards',
      version: 1,
      minDecryptionVersion: 2,
    });
    const rewrapped = String(
      (await getRecord(w.harness.storage, acme, 'shop.cards', 'card_00'))?.data['number'],
    );
    expect(
      decoder.decode(
        (await retiring.decrypt(binding('card_00', 'number'), rewrapped))._unsafeUnwrap(),
      ),
    ).toBe('number-0');

    const described = createKeyManager({
      ...w.harness,
      kms: w.kms,
      policies: { cards: { minDecryptionVersion: 2 } },
    });
    const key = (await described.describe('cards', { tenantIds: [acme] }))._unsafeUnwrap();
    expect(key.versions.map((version) => version.status)).toEqual(['retired', 'active']);
  });

  it('counts an envelope under a retired version as failed and leaves it for an operator', async () => {
    const w = world();
    await seedCards(w, 1);
    await w.manager.rotate('cards', OPERATOR);
    const progress = await w.manager.rewrap({
      tenantId: acme,
      jobId: 'late',
      locations: CARD_LOCATIONS,
      cipher: w.cipher({ cards: { minDecryptionVersion: 2 } }),
    });
    expect(progress._unsafeUnwrap()).toMatchObject({
      status: 'completed',
      failed: 2,
      rewrapped: 0,
    });
  });
});

describe('describe, usage counters and rotation due', () => {
  it('is due by cryptoperiod, and rotateIfDue rotates only then', async () => {
    const w = world({ cards: { cryptoperiodMs: 30 * DAY_MS } });
    const scope = { tenantIds: [acme] };
    const fresh = (await w.manager.describe('cards', scope))._unsafeUnwrap();
    expect(fresh).toMatchObject({
      keyId: 'cards',
      kmsKind: 'software',
      currentVersion: 1,
      rotationDue: false,
      rotationReasons: [],
    });
    expect((await w.manager.rotateIfDue('cards', OPERATOR, scope))._unsafeUnwrap()).toEqual({
      rotated: false,
      reasons: [],
      currentVersion: 1,
    });
    w.harness.clock.advance(30 * DAY_MS);
    const due = (await w.manager.describe('cards', scope))._unsafeUnwrap();
    expect(due.rotationDue).toBe(true);
    expect(due.rotationReasons).toEqual(['cryptoperiod']);
    expect(due.versions[0]?.ageMs).toBe(30 * DAY_MS);
    expect((await w.manager.rotateIfDue('cards', OPERATOR, scope))._unsafeUnwrap()).toEqual({
      rotated: true,
      reasons: ['cryptoperiod'],
      currentVersion: 2,
    });
    const after = (await w.manager.describe('cards', scope))._unsafeUnwrap();
    expect(after.rotationDue).toBe(false);
    expect(after.versions.map((version) => [version.version, version.status])).toEqual([
      [1, 'decrypt_only'],
      [2, 'active'],
    ]);
  });

  it('counts generated data keys per version and tenant, and is due by usage', async () => {
    const w = world({ cards: { maxDataKeysPerVersion: 3 } });
    const cipher = w.cipher();
    const globex = tenant('globex');
    for (const tenantId of [acme, acme, globex]) {
      (
        await cipher.encrypt('cards', binding('r', 'f', tenantId), encoder.encode('x'))
      )._unsafeUnwrap();
    }
    const acmeOnly = (await w.manager.describe('cards', { tenantIds: [acme] }))._unsafeUnwrap();
    expect(acmeOnly.versions[0]?.dataKeysGenerated).toBe(2);
    expect(acmeOnly.rotationDue).toBe(false);
    const both = (await w.manager.describe('cards', { tenantIds: [acme, globex] }))._unsafeUnwrap();
    expect(both.versions[0]?.dataKeysGenerated).toBe(3);
    expect(both.rotationReasons).toEqual(['usage']);
    expect(
      (await getRecord(w.harness.storage, acme, KEY_USAGE_COLLECTION, 'cards.v1'))?.data,
    ).toEqual({ count: 2 });

    const rotated = (
      await w.manager.rotateIfDue('cards', OPERATOR, { tenantIds: [acme, globex] })
    )._unsafeUnwrap();
    expect(rotated).toEqual({ rotated: true, reasons: ['usage'], currentVersion: 2 });
    const after = (
      await w.manager.describe('cards', { tenantIds: [acme, globex] })
    )._unsafeUnwrap();
    expect(after.versions.map((version) => version.dataKeysGenerated)).toEqual([3, 0]);
    expect(after.rotationDue).toBe(false);
  });

  it('never fails an encryption when the usage counter cannot be written', async () => {
    const w = world();
    const broken = createKeyManager({
      ...w.harness,
      storage: {
        ...w.harness.storage,
        transaction: () => {
          throw new Error('storage is down');
        },
      },
      kms: w.kms,
      policies: {},
    });
    const cipher = createEnvelopeCipher({
      kms: w.kms,
      onDataKeyGenerated: (event) => broken.recordDataKeyGenerated(event),
    });
    const envelope = await cipher.encrypt('cards', binding('r', 'f'), encoder.encode('x'));
    expect(envelope.isOk()).toBe(true);
    expect((await broken.flushUsage())._unsafeUnwrapErr().type).toBe('infrastructure');
  });
});

describe('subject key rewrap', () => {
  it('moves subject keys to the new KEK version; field envelopes are untouched and still decrypt', async () => {
    const w = world();
    const deps = { ...w.harness, kms: w.kms, blindIndexKey: blindIndexSecret([1]) };
    const fields = createFieldEncryption(deps);
    const envelopes = new Map<string, string>();
    for (const subjectId of ['s1', 's2', 's3']) {
      const envelope = await fields.encrypt({
        tenantId: acme,
        subjectId,
        recordId: `usr_${subjectId}`,
        field: 'email',
        value: `${subjectId}@example.com`,
      });
      envelopes.set(subjectId, envelope._unsafeUnwrap());
    }
    await putRecords(
      w.harness.storage,
      acme,
      'identity.users',
      [...envelopes].map(([subjectId, email]) => ({ id: `usr_${subjectId}`, data: { email } })),
    );
    await w.manager.rotate('fields', OPERATOR);

    // Before the subject keys move, retiring v1 locks every subject out (a fresh process, empty cache).
    const retiring = { fields: { minDecryptionVersion: 2 } };
    const locked = createFieldEncryption({ ...deps, policies: retiring });
    const refused = await locked.decrypt({
      tenantId: acme,
      subjectId: 's1',
      recordId: 'usr_s1',
      field: 'email',
      envelope: envelopes.get('s1') as string,
    });
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      type: 'vault.key_version_retired',
      keyId: 'fields',
      version: 1,
    });

    const partial = (
      await w.manager.rewrapSubjectKeys({
        tenantId: acme,
        jobId: 'subjects',
        pageSizeMax: 2,
        maxPages: 1,
      })
    )._unsafeUnwrap();
    expect(partial).toMatchObject({ status: 'running', rewrapped: 2 });
    const done = (
      await w.manager.rewrapSubjectKeys({ tenantId: acme, jobId: 'subjects', pageSizeMax: 2 })
    )._unsafeUnwrap();
    expect(done).toMatchObject({
      status: 'completed',
      scanned: 3,
      rewrapped: 3,
      alreadyCurrent: 0,
      failed: 0,
    });
    for (const record of await listRecords(w.harness.storage, acme, SUBJECT_KEY_COLLECTIONS.keys)) {
      expect(parseWrappedKey(record.data['wrappedKey'])).toMatchObject({
        keyId: 'fields',
        version: 2,
      });
      expect(record.data['generation']).toBe(1);
    }
    const fresh = createFieldEncryption({ ...deps, policies: retiring });
    for (const [subjectId, envelope] of envelopes) {
      const opened = await fresh.decrypt({
        tenantId: acme,
        subjectId,
        recordId: `usr_${subjectId}`,
        field: 'email',
        envelope,
      });
      expect(opened._unsafeUnwrap()).toBe(`${subjectId}@example.com`);
    }
    // Field envelopes are not KMS-wrapped: an envelope job over them finds nothing to do.
    const users = (
      await w.manager.rewrap({
        tenantId: acme,
        jobId: 'users',
        locations: [{ collection: 'identity.users', fields: ['email'] }],
        cipher: w.cipher(),
      })
    )._unsafeUnwrap();
    expect(users).toMatchObject({ scanned: 3, rewrapped: 0, alreadyCurrent: 3, failed: 0 });
    expect(
      (await listRecords(w.harness.storage, acme, 'identity.users')).map(
        (user) => user.data['email'],
      ),
    ).toEqual([...envelopes.values()]);
    // Idempotent: a second subject-key job rewraps nothing, and the job kinds cannot be mixed.
    expect(
      (await w.manager.rewrapSubjectKeys({ tenantId: acme, jobId: 'subjects-2' }))._unsafeUnwrap(),
    ).toMatchObject({ rewrapped: 0, alreadyCurrent: 3 });
    const mixed = await w.manager.rewrap({
      tenantId: acme,
      jobId: 'subjects',
      locations: CARD_LOCATIONS,
      cipher: w.cipher(),
    });
    expect(mixed._unsafeUnwrapErr().type).toBe('vault.rewrap_job_mismatch');
  });
});
