import { createHash } from 'node:crypto';
import { FakeClock, type IdGenerator, type JsonValue, unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIT_COLLECTIONS, canonicalJson, hashLeaf } from '../../src/index.js';
import { appendCommitted, createHarness, drain, listRecords } from '../log/audit-fixture.js';

// SHA-256(0x00 ‖ bytes), computed with node:crypto, apart from the code under test.
function rfc9162LeafHash(leaf: string): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(leaf, 'utf8')]))
    .digest('hex');
}

// Rebuilds a JSON value with every object's keys inserted in reverse order.
function reverseKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item as JsonValue)]),
  );
}

describe('canonicalJson', () => {
  it('writes a known object to exact bytes: keys sorted by UTF-16 code units, no whitespace', () => {
    const value = {
      z: 1,
      a: [true, null, 'x"y\n'],
      M: { b: -2, a: 'é' },
      '10': 0,
      '2': 0,
      é: 'u',
      '\uFB00': 'ff ligature',
      '\u{1F600}': 'emoji',
      '': 'empty',
    };
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB00 in UTF-16 (RFC 8785),
    // though it comes after it in code point order.
    expect(canonicalJson(value)).toBe(
      '{"":"empty","10":0,"2":0,"M":{"a":"é","b":-2},"a":[true,null,"x\\"y\\n"],"z":1,"é":"u",' +
        '"\u{1F600}":"emoji","\uFB00":"ff ligature"}',
    );
  });

  it('writes scalars as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(-17)).toBe('-17');
    expect(canonicalJson('a\u0000b')).toBe('"a\\u0000b"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('refuses non-finite numbers as a programmer error', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow();
  });

  it('does not depend on the order keys were inserted in, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const canonical = canonicalJson(value as JsonValue);
        expect(canonicalJson(reverseKeys(value as JsonValue))).toBe(canonical);
        expect(canonicalJson(JSON.parse(canonical) as JsonValue)).toBe(canonical);
      }),
      { numRuns: 200 },
    );
  });
});

// Canonical JSON the plain way, member by member, to check the library's faster one against.
function referenceCanonical(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(referenceCanonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonical((value as Record<string, JsonValue>)[key] as JsonValue)}`).join(',')}}`;
}

describe('canonicalJson against a member-by-member reference', () => {
  // Keys that look like array indexes are enumerated first by every object, whatever their
  // insertion order, and `__proto__` is no plain key to assign, so they take another way
  // through the serializer: mixed in on purpose.
  const key = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('0', '1', '2', '10', '01', '-1', '__proto__'),
  );
  const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    ),
  }));

  it('writes the same text, with or without index-like keys and __proto__', () => {
    fc.assert(
      fc.property(value, (json) => {
        expect(canonicalJson(json)).toBe(referenceCanonical(json));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a non-finite number behind an index-like key too', () => {
    expect(() => canonicalJson({ '1': 'a', z: [Number.NaN] })).toThrow();
  });

  it('keeps a __proto__ member as a member', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":2}}') as JsonValue;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":2},"b":1}');
  });
});

describe('the audit leaf', () => {
  const LEAF_ID = 'aud_01h455vb4pex5vsknk084sn02q';
  const fixedIds = { next: () => LEAF_ID } as unknown as IdGenerator;

  it('is the canonical JSON of the entry, byte for byte, and hashes as RFC 9162 leaves do', async () => {
    const clock = new FakeClock(new Date('2026-03-04T05:06:07.089Z'));
    const harness = createHarness({ clock, ids: fixedIds });
    const receipt = await appendCommitted(harness, {
      outcome: 'succeeded',
      resource: { id: 'trf_1', type: 'transfer' },
      action: 'ledger.transfer.created',
      actor: { type: 'user', id: 'usr_1' },
      requestId: 'req_1',
      details: { currency: 'EUR', amount: '1250' },
    });
    const expected =
      '{"action":"ledger.transfer.created","actor":{"id":"usr_1","type":"user"},' +
      '"correlationId":null,"details":{"amount":"1250","currency":"EUR"},"formatVersion":1,' +
      `"id":"${LEAF_ID}","outcome":"succeeded","personal":null,"requestId":"req_1",` +
      '"resource":{"id":"trf_1","type":"transfer"},"timestamp":"2026-03-04T05:06:07.089Z"}';

    const [pending] = await listRecords(
      harness.storage,
      harness.tenantId,
      AUDIT_COLLECTIONS.pending,
    );
    expect(pending?.data['leaf']).toBe(expected);
    expect(receipt).toEqual({ leafId: LEAF_ID, leafHash: rfc9162LeafHash(expected) });
    expect(Buffer.from(hashLeaf(Buffer.from(expected, 'utf8'))).toString('hex')).toBe(
      rfc9162LeafHash(expected),
    );

    expect(await drain(harness)).toEqual([1]);
    const proof = unwrapOrThrow(await harness.log.inclusionProof(harness.tenantId, LEAF_ID));
    expect(proof.leaf).toBe(expected);
    // A one-leaf tree's root is its leaf hash, and the signed checkpoint carries it.
    const note = unwrapOrThrow(await harness.log.latestCheckpoint(harness.tenantId));
    expect(note?.split('\n').slice(0, 3)).toEqual([
      'audit.strongroom.test/acme',
      '1',
      Buffer.from(rfc9162LeafHash(expected), 'hex').toString('base64'),
    ]);
  });

  it('keeps only the fields it knows of the actor and resource', async () => {
    const harness = createHarness({ ids: fixedIds, clock: new FakeClock() });
    await appendCommitted(harness, {
      actor: { type: 'service', id: 'svc_1', name: 'extra' } as never,
      action: 'vault.token.created',
      resource: { type: 'token', id: 'tok_1', secret: 'x' } as never,
      outcome: 'failed',
    });
    const [pending] = await listRecords(
      harness.storage,
      harness.tenantId,
      AUDIT_COLLECTIONS.pending,
    );
    const leaf = JSON.parse(String(pending?.data['leaf'])) as Record<string, unknown>;
    expect(leaf['actor']).toEqual({ type: 'service', id: 'svc_1' });
    expect(leaf['resource']).toEqual({ type: 'token', id: 'tok_1' });
    expect(leaf['details']).toEqual({});
  });
});
