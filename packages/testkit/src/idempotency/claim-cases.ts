import {
  IDEMPOTENCY_FINGERPRINT_MAX_LENGTH,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENT_RESPONSE_MAX_BYTES,
  jsonByteLength,
  type StoredResponse,
  storedResponseFits,
  storedResponseJson,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  CREATED,
  claimOf,
  type IdempotencySuiteContext,
  leaseOf,
} from './idempotency-suite-context.js';

/** Responses that must replay exactly as stored. */
const RESPONSES: readonly StoredResponse[] = [
  CREATED,
  { status: 200, headers: {}, body: '' },
  {
    status: 422,
    headers: { 'content-type': 'application/problem+json', 'x-trace': 'ünïcödé 鍵 🔑' },
    body: '{"type":"about:blank","detail":"quote \\" backslash \\\\ tab\\t","emoji":"👩‍👩‍👧"}',
  },
  { status: 599, headers: { 'retry-after': '3', ETag: '"v1"' }, body: 'line\nbreak\r\n\u0001' },
];

/** A response whose stored form is exactly `bytes` long: ASCII body after a fixed envelope. */
function responseOfBytes(bytes: number): StoredResponse {
  const envelope = jsonByteLength(storedResponseJson({ status: 200, headers: {}, body: '' }));
  return { status: 200, headers: {}, body: 'x'.repeat(bytes - envelope) };
}

/** Claims, replays and mismatches, per tenant and key. */
export function defineClaimCases(context: IdempotencySuiteContext): void {
  it('claims a free key, and answers in_progress to the same request while it runs', async () => {
    const tenantId = context.tenant();
    leaseOf(await claimOf(context, tenantId, 'key'));
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
  });

  it('replays the completed response to every later claim with the same fingerprint', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key'));
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, CREATED))).toBe(true);
    for (let retry = 0; retry < 3; retry += 1) {
      expect(await claimOf(context, tenantId, 'key')).toEqual({
        state: 'completed',
        response: CREATED,
      });
    }
  });

  it('replays every response exactly as stored', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    for (const [index, response] of RESPONSES.entries()) {
      const leaseId = leaseOf(await claimOf(context, tenantId, `key-${index}`));
      expect(unwrapOrThrow(await store.complete(tenantId, `key-${index}`, leaseId, response))).toBe(
        true,
      );
    }
    for (const [index, response] of RESPONSES.entries()) {
      expect(await claimOf(context, tenantId, `key-${index}`)).toEqual({
        state: 'completed',
        response,
      });
    }
  });

  it('stores only the three fields of a response', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key'));
    const withExtra = { ...CREATED, extra: 'not stored' };
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, withExtra))).toBe(true);
    expect(await claimOf(context, tenantId, 'key')).toEqual({
      state: 'completed',
      response: CREATED,
    });
  });

  it('stores the largest response under the longest key and fingerprint', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const key = 'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH);
    const fingerprint = 'f'.repeat(IDEMPOTENCY_FINGERPRINT_MAX_LENGTH);
    const largest = responseOfBytes(IDEMPOTENT_RESPONSE_MAX_BYTES);
    expect(storedResponseFits(largest)).toBe(true);
    const leaseId = leaseOf(await claimOf(context, tenantId, key, fingerprint));
    expect(unwrapOrThrow(await store.complete(tenantId, key, leaseId, largest))).toBe(true);
    expect(await claimOf(context, tenantId, key, fingerprint)).toEqual({
      state: 'completed',
      response: largest,
    });
  });

  it('refuses a response too large to store with false, leaving the claim held', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    // One byte over; and a body that is short as text but long once its escapes are stored.
    const oversized = [
      responseOfBytes(IDEMPOTENT_RESPONSE_MAX_BYTES + 1),
      { status: 200, headers: {}, body: '\u0001'.repeat(IDEMPOTENT_RESPONSE_MAX_BYTES / 4) },
    ];
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key'));
    for (const response of oversized) {
      expect(storedResponseFits(response)).toBe(false);
      expect(unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, response))).toBe(false);
    }
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
    // The caller still holds the lease: it can store a smaller response, or release.
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, CREATED))).toBe(true);
  });

  it('answers mismatch to another fingerprint, while in progress and once completed', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key', 'fp-a'));
    expect(await claimOf(context, tenantId, 'key', 'fp-b')).toEqual({ state: 'mismatch' });
    // Fingerprints are compared exactly.
    expect(await claimOf(context, tenantId, 'key', 'FP-A')).toEqual({ state: 'mismatch' });
    expect(await claimOf(context, tenantId, 'key', 'fp-a ')).toEqual({ state: 'mismatch' });
    unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, CREATED));
    expect(await claimOf(context, tenantId, 'key', 'fp-b')).toEqual({ state: 'mismatch' });
    expect(await claimOf(context, tenantId, 'key', 'fp-a')).toEqual({
      state: 'completed',
      response: CREATED,
    });
  });

  it('keeps keys apart, even keys that differ only in case or spacing', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const keys = ['key', 'Key', 'key ', 'key:1', 'key/1', 'ключ 🔑'];
    const leases = [];
    for (const key of keys) leases.push(leaseOf(await claimOf(context, tenantId, key)));
    expect(new Set(leases).size).toBe(keys.length);
    for (const [index, key] of keys.entries()) {
      const response = { ...CREATED, body: `for ${key}` };
      const leaseId = leases[index] ?? '';
      expect(unwrapOrThrow(await store.complete(tenantId, key, leaseId, response))).toBe(true);
    }
    for (const key of keys) {
      expect(await claimOf(context, tenantId, key)).toEqual({
        state: 'completed',
        response: { ...CREATED, body: `for ${key}` },
      });
    }
  });

  it("keeps tenants apart: no tenant sees, completes or releases another's claim", async () => {
    const { store } = context.underTest();
    const tenantA = context.tenant();
    const tenantB = context.tenant();
    const leaseA = leaseOf(await claimOf(context, tenantA, 'shared', 'fp-a'));
    // Another tenant's key is free, whatever the fingerprint.
    const leaseB = leaseOf(await claimOf(context, tenantB, 'shared', 'fp-b'));
    expect(unwrapOrThrow(await store.complete(tenantB, 'shared', leaseA, CREATED))).toBe(false);
    unwrapOrThrow(await store.release(tenantB, 'shared', leaseA));
    expect(await claimOf(context, tenantB, 'shared', 'fp-b')).toEqual({ state: 'in_progress' });
    expect(unwrapOrThrow(await store.complete(tenantB, 'shared', leaseB, CREATED))).toBe(true);
    expect(await claimOf(context, tenantA, 'shared', 'fp-a')).toEqual({ state: 'in_progress' });
    expect(await claimOf(context, tenantB, 'shared', 'fp-b')).toEqual({
      state: 'completed',
      response: CREATED,
    });
  });
}
