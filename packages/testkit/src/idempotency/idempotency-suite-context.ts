import {
  type IdempotencyClaim,
  type IdempotencyClaimOptions,
  type StoredResponse,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { expect } from 'vitest';
import type { TimedSuiteContext } from '../timed-store/timed-suite-context.js';
import type { IdempotencyStoreUnderTest } from './idempotency-store-backend.js';

/** What every group of idempotency cases receives. */
export type IdempotencySuiteContext = TimedSuiteContext<IdempotencyStoreUnderTest>;

/** A lease and time to live for cases that let no time pass. */
export const LONG_CLAIM: IdempotencyClaimOptions = { leaseMs: 60_000, ttlMs: 60_000 };

/** The lifetime (lease or time to live) of the entries the timed cases let end. */
export const SHORT_MS = 1000;

/** Real time added past an end with store time: timers may fire early, Redis expires after it. */
const STORE_TIME_SLACK_MS = 20;

/** A response of a completed request. */
export const CREATED: StoredResponse = {
  status: 201,
  headers: { 'content-type': 'application/json', location: '/v1/transfers/tr_1' },
  body: '{"id":"tr_1","amount":"10.00"}',
};

/**
 * Lets time pass to shortly before the end of a lifetime that starts now: 1 ms before it with a
 * fake clock, half of it with store time, where every call itself takes real time.
 */
export async function advanceNearEnd(
  context: IdempotencySuiteContext,
  lifetimeMs: number,
): Promise<number> {
  const durationMs = context.usesStoreTime ? lifetimeMs / 2 : lifetimeMs - 1;
  await context.advance(durationMs);
  return durationMs;
}

/** Lets time pass to the end of a lifetime of which `elapsedMs` have passed (just past it with store time). */
export async function advanceToEnd(
  context: IdempotencySuiteContext,
  lifetimeMs: number,
  elapsedMs = 0,
): Promise<void> {
  const slackMs = context.usesStoreTime ? STORE_TIME_SLACK_MS : 0;
  await context.advance(lifetimeMs - elapsedMs + slackMs);
}

/** The lease id of a claim that must have been granted. */
export function leaseOf(claim: IdempotencyClaim): string {
  expect(claim.state).toBe('claimed');
  if (claim.state !== 'claimed') throw new Error(`expected a granted claim, got ${claim.state}`);
  expect(typeof claim.leaseId).toBe('string');
  return claim.leaseId;
}

/** Claims `key` for `fingerprint` with {@link LONG_CLAIM} and returns the claim. */
export async function claimOf(
  context: IdempotencySuiteContext,
  tenantId: TenantId,
  key: string,
  fingerprint = 'fp-1',
  options: IdempotencyClaimOptions = LONG_CLAIM,
): Promise<IdempotencyClaim> {
  return unwrapOrThrow(await context.underTest().store.claim(tenantId, key, fingerprint, options));
}
