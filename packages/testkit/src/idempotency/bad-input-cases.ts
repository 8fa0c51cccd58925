import {
  AssertionFailure,
  IDEMPOTENCY_FINGERPRINT_MAX_LENGTH,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_LEASE_ID_MAX_LENGTH,
  IDEMPOTENCY_LEASE_MAX_MS,
  IDEMPOTENCY_TTL_MAX_MS,
  type StoredResponse,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { called } from '../timed-store/timed-suite-context.js';
import {
  CREATED,
  claimOf,
  type IdempotencySuiteContext,
  LONG_CLAIM,
  leaseOf,
} from './idempotency-suite-context.js';

/** Texts no key, fingerprint or lease id may be: empty, or not kept exactly by every store. */
const BAD_TEXTS = ['', 'a\u0000b', 'a\ud800b'];

/** Durations outside 1 ms to the limit, or not whole milliseconds. */
const badDurations = (maxMs: number) => [
  0,
  -1,
  1.5,
  maxMs + 1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

/** Responses no code should build: not a final status, headers that break HTTP, unstorable text. */
const BAD_RESPONSES: readonly StoredResponse[] = [
  { ...CREATED, status: 199 },
  { ...CREATED, status: 600 },
  { ...CREATED, status: 200.5 },
  { ...CREATED, headers: { 'bad name': 'v' } },
  { ...CREATED, headers: { '': 'v' } },
  { ...CREATED, headers: { 'x-split': 'a\r\nset-cookie: b' } },
  { ...CREATED, headers: { 'x-number': 1 as unknown as string } },
  { ...CREATED, body: 'a\ud800b' },
  { ...CREATED, body: 'a\u0000b' },
];

/** Bad keys, fingerprints, lifetimes, lease ids and responses throw: they are bugs in the caller. */
export function defineBadInputCases(context: IdempotencySuiteContext): void {
  it('throws an AssertionFailure for a bad key, in every operation', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    for (const key of [...BAD_TEXTS, 'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1)]) {
      await expect(called(() => store.claim(tenantId, key, 'fp', LONG_CLAIM))).rejects.toThrow(
        AssertionFailure,
      );
      await expect(called(() => store.complete(tenantId, key, 'lease', CREATED))).rejects.toThrow(
        AssertionFailure,
      );
      await expect(called(() => store.release(tenantId, key, 'lease'))).rejects.toThrow(
        AssertionFailure,
      );
    }
  });

  it('throws an AssertionFailure for a bad fingerprint', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    for (const fingerprint of [...BAD_TEXTS, 'f'.repeat(IDEMPOTENCY_FINGERPRINT_MAX_LENGTH + 1)]) {
      await expect(
        called(() => store.claim(tenantId, 'key', fingerprint, LONG_CLAIM)),
      ).rejects.toThrow(AssertionFailure);
    }
    leaseOf(await claimOf(context, tenantId, 'key'));
  });

  it.each(badDurations(IDEMPOTENCY_LEASE_MAX_MS))(
    'throws an AssertionFailure for a lease of %s ms',
    async (leaseMs) => {
      const { store } = context.underTest();
      const options = { ...LONG_CLAIM, leaseMs };
      await expect(
        called(() => store.claim(context.tenant(), 'key', 'fp', options)),
      ).rejects.toThrow(AssertionFailure);
    },
  );

  it.each(badDurations(IDEMPOTENCY_TTL_MAX_MS))(
    'throws an AssertionFailure for a time to live of %s ms',
    async (ttlMs) => {
      const { store } = context.underTest();
      const options = { ...LONG_CLAIM, ttlMs };
      await expect(
        called(() => store.claim(context.tenant(), 'key', 'fp', options)),
      ).rejects.toThrow(AssertionFailure);
    },
  );

  it('throws an AssertionFailure for a bad lease id', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    for (const leaseId of [...BAD_TEXTS, 'l'.repeat(IDEMPOTENCY_LEASE_ID_MAX_LENGTH + 1)]) {
      await expect(called(() => store.complete(tenantId, 'key', leaseId, CREATED))).rejects.toThrow(
        AssertionFailure,
      );
      await expect(called(() => store.release(tenantId, 'key', leaseId))).rejects.toThrow(
        AssertionFailure,
      );
    }
  });

  it('throws an AssertionFailure for a malformed response, and keeps the claim held', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key'));
    for (const response of BAD_RESPONSES) {
      await expect(
        called(() => store.complete(tenantId, 'key', leaseId, response)),
      ).rejects.toThrow(AssertionFailure);
    }
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
  });
}
