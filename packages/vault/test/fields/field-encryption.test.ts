import type { AuditActor } from '@strongroom/audit';
import type { TenantId } from '@strongroom/kernel';
import { dumpMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { createEnvelopeCipher } from '../../src/envelope/create-envelope-cipher.js';
import { parseEnvelope } from '../../src/envelope/envelope-format.js';
import {
  createFieldEncryption,
  type FieldEncryptionDeps,
} from '../../src/fields/field-encryption.js';
import { FIELD_VALUE_MAX_BYTES } from '../../src/fields/field-input.js';
import {
  parseWrappedKey,
  SUBJECT_KEY_COLLECTIONS,
  SUBJECT_KEY_WRAPPING_ID,
} from '../../src/fields/subject-key-record.js';
import { blindIndexSecret, createCountingKms } from '../keys/kms-fixture.js';
import {
  auditActions,
  auditEntries,
  createHarness,
  getRecord,
  type Harness,
  tenant,
} from '../keys/vault-fixture.js';

const acme = tenant('acme');
const globex = tenant('globex');
const ADMIN: AuditActor = { type: 'user', id: 'usr_01h455vb4pex5vsknk084sn02q' };
const EMAIL = 'ada.lovelace@example.com';

function setup(options: Partial<FieldEncryptionDeps> & { harness?: Harness } = {}) {
  const harness = options.harness ?? createHarness();
  const { kms, calls } = createCountingKms(harness.clock);
  const deps: FieldEncryptionDeps = {
    storage: harness.storage,
    audit: harness.audit,
    kms,
    clock: harness.clock,
    blindIndexKey: blindIndexSecret([1]),
    ...options,
  };
  return { harness, kms, calls, deps, fields: createFieldEncryption(deps) };
}

const location = (
  subjectId: string,
  field = 'email',
  recordId = `usr_${subjectId}`,
  tenantId: TenantId = acme,
) => ({
  tenantId,
  subjectId,
  recordId,
  field,
});

describe('field encryption with per-subject keys', () => {
  it('round-trips a value in an envelope whose wrapping is the subject key, not a KMS key', async () => {
    const { fields, harness, calls } = setup();
    const envelope = (await fields.encrypt({ ...location('s1'), value: EMAIL }))._unsafeUnwrap();
    const parsed = parseEnvelope(envelope)._unsafeUnwrap();
    expect(parsed.wrapping.keyId).toBe(SUBJECT_KEY_WRAPPING_ID);
    expect(parsed.wrapping.version).toBe(1);
    expect((await fields.decrypt({ ...location('s1'), envelope }))._unsafeUnwrap()).toBe(EMAIL);
    // The subject key exists only wrapped by the `fields` KEK.
    const record = await getRecord(harness.storage, acme, SUBJECT_KEY_COLLECTIONS.keys, 's1');
    const wrapped = parseWrappedKey(record?.data['wrappedKey']);
    expect(wrapped).toMatchObject({ keyId: 'fields', version: 1 });
    expect(record?.data['generation']).toBe(1);
    // One KMS call made the subject key; the field's own data key never went near the KMS.
    expect(calls).toEqual({ generateDataKey: 1, unwrap: 0, rewrap: 0 });
    // Nothing stored anywhere holds the value in clear.
    const rows = JSON.stringify(dumpMemoryStorage(harness.storage));
    expect(rows).not.toContain(EMAIL);
    expect(rows).not.toContain('ada.lovelace');
  });

  it('creates a subject key once, with one audit leaf, and reuses it for every field', async () => {
    const { fields, harness, calls } = setup();
    const first = await fields.encrypt({ ...location('s1', 'email'), value: EMAIL });
    const second = await fields.encrypt({ ...location('s1', 'phone'), value: '+441234567890' });
    expect(first.isOk() && second.isOk()).toBe(true);
    expect(calls.generateDataKey).toBe(1);
    const created = (await auditEntries(harness.storage, acme)).filter(
      (entry) => entry.action === 'vault.subject_key.created',
    );
    expect(created).toHaveLength(1);
    expect(created[0]?.resource).toEqual({ type: 'vault.subject_key', id: 's1' });
    expect(created[0]?.details).toEqual({ keyId: 'fields', kekVersion: 1, kms: 'software' });
  });

  it('converges on one subject key when first uses race, in one process and across two', async () => {
    const harness = createHarness();
    const one = setup({ harness });
    const inProcess = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        one.fields.encrypt({ ...location('s1', `field${n}`), value: `v${n}` }),
      ),
    );
    expect(inProcess.every((result) => result.isOk())).toBe(true);
    expect(one.calls.generateDataKey).toBe(1);

    // Two processes (two instances, separate caches and KMS clients) on the same storage.
    const processA = setup({ harness, kms: one.kms });
    const processB = setup({ harness, kms: one.kms });
    const [a, b] = await Promise.all([
      processA.fields.encrypt({ ...location('s2'), value: 'from A' }),
      processB.fields.encrypt({ ...location('s2', 'name'), value: 'from B' }),
    ]);
    expect(
      (
        await processB.fields.decrypt({ ...location('s2'), envelope: a._unsafeUnwrap() })
      )._unsafeUnwrap(),
    ).toBe('from A');
    expect(
      (
        await processA.fields.decrypt({ ...location('s2', 'name'), envelope: b._unsafeUnwrap() })
      )._unsafeUnwrap(),
    ).toBe('from B');
    const created = (await auditActions(harness.storage, acme)).filter(
      (action) => action === 'vault.subject_key.created',
    );
    expect(created).toHaveLength(2); // s1 and s2, once each
  });

  it('caches unwrapped subject keys: bounded, expiring after maxAgeMs', async () => {
    const harness = createHarness();
    const writer = setup({ harness });
    const s1 = (await writer.fields.encrypt({ ...location('s1'), value: 'one' }))._unsafeUnwrap();
    const s2 = (await writer.fields.encrypt({ ...location('s2'), value: 'two' }))._unsafeUnwrap();
    const reader = setup({
      harness,
      kms: writer.kms,
      subjectKeyCache: { maxAgeMs: 60_000, maxEntries: 1 },
    });
    const unwrapsBefore = writer.calls.unwrap;
    for (let n = 0; n < 5; n += 1) {
      expect(
        (await reader.fields.decrypt({ ...location('s1'), envelope: s1 }))._unsafeUnwrap(),
      ).toBe('one');
    }
    expect(writer.calls.unwrap - unwrapsBefore).toBe(1);
    harness.clock.advance(60_000);
    await reader.fields.decrypt({ ...location('s1'), envelope: s1 });
    expect(writer.calls.unwrap - unwrapsBefore).toBe(2);
    // With room for one key, alternating subjects evicts each time.
    await reader.fields.decrypt({ ...location('s2'), envelope: s2 });
    await reader.fields.decrypt({ ...location('s1'), envelope: s1 });
    expect(writer.calls.unwrap - unwrapsBefore).toBe(4);
  });

  it('fails a ciphertext moved to another record, field, subject or tenant', async () => {
    const { fields } = setup();
    const envelope = (await fields.encrypt({ ...location('s1'), value: EMAIL }))._unsafeUnwrap();
    await fields.encrypt({ ...location('s2'), value: 'other subject' });
    await fields.encrypt({
      ...location('s1', 'email', 'usr_s1', globex),
      value: 'same subject id in globex',
    });
    const attempts = [
      { ...location('s1', 'email', 'usr_other') },
      { ...location('s1', 'phone') },
      { ...location('s2', 'email', 'usr_s1') },
      { ...location('s1', 'email', 'usr_s1', globex) },
    ];
    for (const attempt of attempts) {
      const result = await fields.decrypt({ ...attempt, envelope });
      expect(result._unsafeUnwrapErr()).toEqual({
        type: 'vault.decryption_failed',
        reason: 'authentication',
      });
    }
    // A tenant where the subject never had a key says so.
    const nowhere = await fields.decrypt({
      ...location('s1', 'email', 'usr_s1', tenant('initech')),
      envelope,
    });
    expect(nowhere._unsafeUnwrapErr()).toEqual({
      type: 'vault.subject_key_not_found',
      subjectId: 's1',
    });
  });

  it('rejects tampered, foreign and malformed envelopes with typed errors', async () => {
    const { fields, kms, harness } = setup();
    const envelope = (await fields.encrypt({ ...location('s1'), value: EMAIL }))._unsafeUnwrap();
    // Flip one bit in the last character (inside the GCM tag).
    const last = envelope.at(-1) === 'A' ? 'B' : 'A';
    const flipped = `${envelope.slice(0, -1)}${last}`;
    expect(
      (await fields.decrypt({ ...location('s1'), envelope: flipped }))._unsafeUnwrapErr().type,
    ).toBe('vault.decryption_failed');
    expect(
      (await fields.decrypt({ ...location('s1'), envelope: 'not an envelope' }))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.decryption_failed',
      reason: 'malformed',
    });
    // An envelope of the KMS envelope cipher is not a personal field's, even for the same binding.
    const cipher = createEnvelopeCipher({ kms, clock: harness.clock });
    const foreign = (
      await cipher.encrypt(
        'fields',
        { tenantId: acme, recordId: 'usr_s1', field: 'email' },
        new TextEncoder().encode(EMAIL),
      )
    )._unsafeUnwrap();
    expect(
      (await fields.decrypt({ ...location('s1'), envelope: foreign }))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'vault.decryption_failed',
      reason: 'malformed',
    });
    // And the KMS cannot unwrap a field envelope's wrapping: there is no KMS key in it.
    const parsed = parseEnvelope(envelope)._unsafeUnwrap();
    expect((await kms.unwrap(parsed.wrapping, { tenant: acme })).isErr()).toBe(true);
  });

  it('refuses bad inputs with validation errors that never echo the value', async () => {
    const { fields } = setup();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ subjectId: 'ada@example.com' }, 'subjectId', 'bad_format'],
      [{ subjectId: '' }, 'subjectId', 'bad_format'],
      [{ subjectId: 'cust-4111111111111111' }, 'subjectId', 'looks_like_card_number'],
      [{ field: 'E-mail' }, 'field', 'bad_format'],
      [{ recordId: '' }, 'recordId', 'bad_format'],
      [{ recordId: 'r'.repeat(257) }, 'recordId', 'bad_format'],
      [{ value: 'x'.repeat(FIELD_VALUE_MAX_BYTES + 1) }, 'value', 'too_long'],
      [{ value: 'lone \ud800 surrogate' }, 'value', 'not_well_formed'],
    ];
    for (const [override, field, reason] of cases) {
      const result = await fields.encrypt({ ...location('s1'), value: 'ok', ...override } as never);
      expect(result._unsafeUnwrapErr()).toEqual({ type: 'validation', field, reason });
    }
    expect(
      (
        await fields.encrypt({ ...location('s1'), value: 'x'.repeat(FIELD_VALUE_MAX_BYTES) })
      ).isOk(),
    ).toBe(true);
  });
});

describe('subject erasure (crypto-shredding)', () => {
  it('makes every field of the subject undecryptable while other subjects still decrypt', async () => {
    const { fields, harness } = setup();
    const ada = {
      email: (await fields.encrypt({ ...location('ada', 'email'), value: EMAIL }))._unsafeUnwrap(),
      phone: (
        await fields.encrypt({ ...location('ada', 'phone'), value: '+441234567890' })
      )._unsafeUnwrap(),
      name: (
        await fields.encrypt({ ...location('ada', 'name', 'addr_1'), value: 'Ada' })
      )._unsafeUnwrap(),
    };
    const bob = (
      await fields.encrypt({ ...location('bob'), value: 'bob@example.com' })
    )._unsafeUnwrap();
    expect((await fields.eraseSubject(acme, 'ada', ADMIN))._unsafeUnwrap()).toEqual({
      erased: true,
    });

    for (const [field, envelope] of Object.entries(ada)) {
      const recordId = field === 'name' ? 'addr_1' : 'usr_ada';
      const result = await fields.decrypt({ ...location('ada', field, recordId), envelope });
      expect(result._unsafeUnwrapErr()).toEqual({ type: 'vault.subject_erased', subjectId: 'ada' });
    }
    expect((await fields.decrypt({ ...location('bob'), envelope: bob }))._unsafeUnwrap()).toBe(
      'bob@example.com',
    );
    expect(
      await getRecord(harness.storage, acme, SUBJECT_KEY_COLLECTIONS.keys, 'ada'),
    ).toBeUndefined();
    // Nothing new is encrypted for an erased subject.
    expect((await fields.encrypt({ ...location('ada'), value: EMAIL }))._unsafeUnwrapErr()).toEqual(
      {
        type: 'vault.subject_erased',
        subjectId: 'ada',
      },
    );
    const erased = (await auditEntries(harness.storage, acme)).filter(
      (entry) => entry.action === 'vault.subject.erased',
    );
    expect(erased).toHaveLength(1);
    expect(erased[0]).toMatchObject({
      actor: ADMIN,
      resource: { type: 'vault.subject', id: 'ada' },
      details: { hadKey: true },
    });
  });

  it('is idempotent, and erasing a subject without a key still refuses later keys', async () => {
    const { fields, harness } = setup();
    await fields.encrypt({ ...location('ada'), value: EMAIL });
    expect((await fields.eraseSubject(acme, 'ada', ADMIN))._unsafeUnwrap()).toEqual({
      erased: true,
    });
    expect((await fields.eraseSubject(acme, 'ada', ADMIN))._unsafeUnwrap()).toEqual({
      erased: false,
    });
    expect((await fields.eraseSubject(acme, 'never', ADMIN))._unsafeUnwrap()).toEqual({
      erased: true,
    });
    expect(
      (await fields.encrypt({ ...location('never'), value: 'x' }))._unsafeUnwrapErr().type,
    ).toBe('vault.subject_erased');
    const erasures = (await auditEntries(harness.storage, acme)).filter(
      (entry) => entry.action === 'vault.subject.erased',
    );
    expect(erasures.map((entry) => [entry.resource.id, entry.details['hadKey']])).toEqual([
      ['ada', true],
      ['never', false],
    ]);
    expect((await fields.eraseSubject(acme, 'a@b', ADMIN))._unsafeUnwrapErr()).toMatchObject({
      type: 'validation',
      field: 'subjectId',
    });
  });

  it('reaches other processes within their cache max age', async () => {
    const harness = createHarness();
    const eraser = setup({ harness });
    const envelope = (
      await eraser.fields.encrypt({ ...location('ada'), value: EMAIL })
    )._unsafeUnwrap();
    const other = setup({
      harness,
      kms: eraser.kms,
      subjectKeyCache: { maxAgeMs: 1000, maxEntries: 10 },
    });
    expect((await other.fields.decrypt({ ...location('ada'), envelope })).isOk()).toBe(true);
    await eraser.fields.eraseSubject(acme, 'ada', ADMIN);
    // The eraser's own cache is purged at once.
    expect(
      (await eraser.fields.decrypt({ ...location('ada'), envelope }))._unsafeUnwrapErr().type,
    ).toBe('vault.subject_erased');
    harness.clock.advance(1000);
    expect(
      (await other.fields.decrypt({ ...location('ada'), envelope }))._unsafeUnwrapErr().type,
    ).toBe('vault.subject_erased');
  });

  it('does not let a key load that began before an erasure repopulate the cache', async () => {
    const harness = createHarness();
    const writer = setup({ harness });
    const envelope = (
      await writer.fields.encrypt({ ...location('ada'), value: EMAIL })
    )._unsafeUnwrap();
    const { kms } = writer;
    let eraseNow: (() => Promise<unknown>) | undefined;
    // The reader's KMS unwrap is slow: the erasure commits while it is in flight.
    const slowKms = {
      ...kms,
      unwrap: async (...args: Parameters<typeof kms.unwrap>) => {
        await eraseNow?.();
        return kms.unwrap(...args);
      },
    };
    const reader = setup({ harness, kms: slowKms });
    eraseNow = async () => {
      eraseNow = undefined;
      await reader.fields.eraseSubject(acme, 'ada', ADMIN);
    };
    // The read that raced the erasure may still answer (it began first)…
    await reader.fields.decrypt({ ...location('ada'), envelope });
    // …but nothing after the erasure decrypts from a cached key.
    expect(
      (await reader.fields.decrypt({ ...location('ada'), envelope }))._unsafeUnwrapErr().type,
    ).toBe('vault.subject_erased');
  });
});

describe('blind indexes', () => {
  it('are equal for equal input and differ across tenants and fields', async () => {
    const { fields } = setup();
    const index = async (tenantId: TenantId, field: string, value: string) =>
      (await fields.blindIndex({ tenantId, field, value }))._unsafeUnwrap();
    const a = await index(acme, 'email', EMAIL);
    expect(a).toMatch(/^v1\.[0-9a-f]{64}$/);
    expect(await index(acme, 'email', EMAIL)).toBe(a);
    expect(await index(globex, 'email', EMAIL)).not.toBe(a);
    expect(await index(acme, 'recoveryEmail', EMAIL)).not.toBe(a);
    expect(await index(acme, 'email', 'Ada.Lovelace@example.com')).not.toBe(a); // callers normalize
  });

  it('is HMAC-SHA-256 over the label, tenant, field and value, each length-prefixed', async () => {
    const { createHmac } = await import('node:crypto');
    const { fields } = setup();
    const part = (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    };
    const message = Buffer.concat(
      ['strongroom/vault/blind-index/v1', 'acme', 'email', EMAIL].map(part),
    );
    const expected = createHmac('sha256', Buffer.alloc(32, 1)).update(message).digest('hex');
    expect(
      (await fields.blindIndex({ tenantId: acme, field: 'email', value: EMAIL }))._unsafeUnwrap(),
    ).toBe(`v1.${expected}`);
  });

  it('offers one candidate per live secret version during a rotation', async () => {
    const before = setup({ blindIndexKey: blindIndexSecret([1]) });
    const during = setup({ blindIndexKey: blindIndexSecret([2, 1]) });
    const input = { tenantId: acme, field: 'email', value: EMAIL };
    const stored = (await before.fields.blindIndex(input))._unsafeUnwrap();
    const current = (await during.fields.blindIndex(input))._unsafeUnwrap();
    expect(current.startsWith('v2.')).toBe(true);
    expect((await during.fields.blindIndexCandidates(input))._unsafeUnwrap()).toEqual([
      current,
      stored,
    ]);
  });

  it('refuses a short secret, a failing provider and bad inputs', async () => {
    const short = setup({
      blindIndexKey: async () => {
        const version = { version: 1, value: new Uint8Array(16) };
        return (await import('@strongroom/kernel')).ok({
          name: 'blind-index',
          current: version,
          versions: [version],
        });
      },
    });
    const input = { tenantId: acme, field: 'email', value: EMAIL };
    expect((await short.fields.blindIndex(input))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.malformed',
      name: 'blind-index',
      reason: 'too_short',
    });
    const missing = setup({
      blindIndexKey: async () =>
        (await import('@strongroom/kernel')).err({
          type: 'secrets.not_found',
          name: 'blind-index',
        }),
    });
    expect((await missing.fields.blindIndexCandidates(input))._unsafeUnwrapErr().type).toBe(
      'secrets.not_found',
    );
    const { fields } = setup();
    expect(
      (await fields.blindIndex({ ...input, field: 'e mail' }))._unsafeUnwrapErr(),
    ).toMatchObject({ field: 'field' });
    expect(
      (await fields.blindIndex({ ...input, value: '\udc00' }))._unsafeUnwrapErr(),
    ).toMatchObject({ field: 'value' });
  });
});
