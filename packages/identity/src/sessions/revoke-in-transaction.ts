import type { StorageTransaction } from '@strongroom/kernel';
import type { DeviceRecord } from '../devices/device-record.js';
import { loadDevices, loadUserDeviceIds, saveDevice } from '../devices/device-store.js';
import type { Revocation } from '../revocation/revocation-list.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import type { SessionData, SessionRevocationReason } from './session-record.js';

/** When revocation entries may be forgotten: once every access token they deny has expired. */
export interface RevocationHorizon {
  readonly nowMs: number;
  readonly expiresAtMs: number;
}

/** Ends a session in the transaction (idempotent) and returns the denylist entry for its tokens. */
export async function revokeSessionInTransaction(
  tx: StorageTransaction,
  sessionId: string,
  reason: SessionRevocationReason,
  horizon: RevocationHorizon,
): Promise<Revocation[]> {
  const record = await tx.records.get(IDENTITY_COLLECTIONS.sessions, sessionId);
  if (record === undefined) return [];
  const session = record.data as SessionData;
  if (session.revokedAtMs === null) {
    await tx.records.put({
      collection: IDENTITY_COLLECTIONS.sessions,
      id: sessionId,
      data: { ...session, revokedAtMs: horizon.nowMs, revokedReason: reason },
      expectedVersion: record.version,
    });
  }
  return [{ kind: 'session', id: sessionId, expiresAtMs: horizon.expiresAtMs }];
}

/**
 * Revokes a device for good: it is marked revoked, its session ends, and the returned entries
 * deny its live access tokens. A later sign-in from the same client gets a new device.
 */
export async function revokeDeviceInTransaction(
  tx: StorageTransaction,
  device: DeviceRecord,
  reason: SessionRevocationReason,
  horizon: RevocationHorizon,
): Promise<Revocation[]> {
  const revocations: Revocation[] = [
    { kind: 'device', id: device.id, expiresAtMs: horizon.expiresAtMs },
  ];
  if (device.data.sessionId !== null)
    revocations.push(
      ...(await revokeSessionInTransaction(tx, device.data.sessionId, reason, horizon)),
    );
  if (device.data.revokedAtMs === null)
    await saveDevice(
      tx,
      device.id,
      { ...device.data, revokedAtMs: horizon.nowMs, sessionId: null },
      device.version,
    );
  return revocations;
}

/** Revokes every device of a user (password reset, suspension, erasure, "sign out everywhere"). */
export async function revokeAllDevicesInTransaction(
  tx: StorageTransaction,
  userId: string,
  reason: SessionRevocationReason,
  horizon: RevocationHorizon,
): Promise<Revocation[]> {
  const { deviceIds } = await loadUserDeviceIds(tx, userId);
  const devices = await loadDevices(tx, deviceIds);
  const revocations: Revocation[] = [];
  for (const device of devices) {
    if (device === undefined || device.data.revokedAtMs !== null) continue;
    revocations.push(...(await revokeDeviceInTransaction(tx, device, reason, horizon)));
  }
  return revocations;
}
