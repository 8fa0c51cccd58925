import { assert, type Id } from '@strongroom/kernel';
import type { MovementLifecycle, PendingStatus } from '../model/transfer.js';
import type { TransferFailureStatus } from '../model/transfer-status.js';
import type { EventStamp } from './movements.js';

/** What a new single-phase or pending movement's lifecycle is made from. */
export interface NewMovementTiming {
  readonly pending: boolean;
  readonly timeoutMs: number | null;
  /** The caller's backdated effective time, if any. */
  readonly effectiveAt: Date | null;
}

/**
 * The lifecycle of a single-phase or pending movement recorded at `now`: a pending one with a
 * timeout expires `timeoutMs` after it was recorded.
 */
export function newMovementLifecycle(
  timing: NewMovementTiming,
  now: Date,
  timestamp: bigint,
): MovementLifecycle {
  const { pending, timeoutMs } = timing;
  return {
    pendingId: null,
    timeoutMs,
    expiresAt: pending && timeoutMs !== null ? new Date(now.getTime() + timeoutMs) : null,
    effectiveAt: timing.effectiveAt ?? now,
    insertedAt: now,
    timestamp,
    pendingStatus: pending ? 'pending' : 'none',
  };
}

/** The lifecycle of a post or void of `pendingId` recorded at `now`: never pending itself. */
export function resolutionLifecycle(
  pendingId: Id<'trf'>,
  effectiveAt: Date | null,
  now: Date,
  timestamp: bigint,
): MovementLifecycle {
  return {
    pendingId,
    timeoutMs: null,
    expiresAt: null,
    effectiveAt: effectiveAt ?? now,
    insertedAt: now,
    timestamp,
    pendingStatus: 'none',
  };
}

/** Whether a pending movement is past its timeout at `now` (expiry is exact, sweep or not). */
export function isExpiredAt(pending: { readonly expiresAt: Date | null }, now: Date): boolean {
  return pending.expiresAt !== null && now.getTime() >= pending.expiresAt.getTime();
}

/**
 * Why a pending movement can no longer be posted or voided at `now` (already posted, voided or
 * expired, in TigerBeetle's order), or `null` when it still can.
 */
export function resolvedPendingFault(
  pending: { readonly pendingStatus: PendingStatus; readonly expiresAt: Date | null },
  now: Date,
): TransferFailureStatus | null {
  if (pending.pendingStatus === 'posted') return 'pending_transfer_already_posted';
  if (pending.pendingStatus === 'voided') return 'pending_transfer_already_voided';
  if (pending.pendingStatus === 'expired' || isExpiredAt(pending, now))
    return 'pending_transfer_expired';
  assert(pending.pendingStatus === 'pending', 'a pending movement is pending until resolved');
  return null;
}

/** The stamp of the statement lines a recorded movement writes. */
export function movementStamp(
  movement: { readonly id: string } & Pick<
    MovementLifecycle,
    'effectiveAt' | 'insertedAt' | 'timestamp'
  >,
): EventStamp {
  return {
    transferId: movement.id,
    effectiveAt: movement.effectiveAt,
    insertedAt: movement.insertedAt,
    timestamp: movement.timestamp,
  };
}
