import {
  err,
  type InfrastructureError,
  infrastructureError,
  ok,
  type Result,
  type StorageTransaction,
} from '@strongroom/kernel';
import type { DeviceData, PreparedDevice } from '../devices/device-record.js';
import {
  loadDevices,
  loadUserDeviceIds,
  saveDevice,
  saveUserDeviceIds,
} from '../devices/device-store.js';
import type { Revocation } from '../revocation/revocation-list.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import type { IdentityContext } from '../service/identity-context.js';
import { DEVICES_PER_USER_MAX } from '../service/identity-limits.js';
import { generateSecretToken, hashSecretToken } from '../service/secret-token.js';
import {
  type RevocationHorizon,
  revokeDeviceInTransaction,
  revokeSessionInTransaction,
} from './revoke-in-transaction.js';
import type { SessionData } from './session-record.js';

/** A session opened in a transaction: the refresh token is shown to the client once. */
export interface OpenedSession {
  readonly sessionId: string;
  readonly deviceId: string;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAtMs: number;
  /** Entries for the denylist once the transaction commits (a replaced session's tokens). */
  readonly revocations: readonly Revocation[];
}

/**
 * Binds a sign-in to its device and opens a new refresh-token family: an existing device of the
 * user ends its previous session; a new one joins the user's list, which keeps at most
 * {@link DEVICES_PER_USER_MAX} devices by forgetting the oldest (revoking it first if live).
 */
export async function openSession(
  context: IdentityContext,
  tx: StorageTransaction,
  input: {
    readonly userId: string;
    readonly device: PreparedDevice;
    readonly authenticationMethods: readonly string[];
    readonly horizon: RevocationHorizon;
  },
): Promise<Result<OpenedSession, InfrastructureError>> {
  const { userId, device, horizon } = input;
  const now = horizon.nowMs;
  const revocations: Revocation[] = [];
  const sessionId = context.ids.next('ses');
  let deviceData: DeviceData;
  let deviceVersion = 0;
  if (device.isNew) {
    const list = await loadUserDeviceIds(tx, userId);
    const deviceIds = [...list.deviceIds, device.deviceId];
    while (deviceIds.length > DEVICES_PER_USER_MAX) {
      const [oldest] = await loadDevices(tx, deviceIds.splice(0, 1));
      if (oldest !== undefined && oldest.data.revokedAtMs === null)
        revocations.push(
          ...(await revokeDeviceInTransaction(tx, oldest, 'device_revoked', horizon)),
        );
    }
    await saveUserDeviceIds(tx, userId, deviceIds, list.version);
    deviceData = {
      userId,
      labelEnvelope: device.labelEnvelope,
      userAgentEnvelope: device.userAgentEnvelope,
      firstSeenAtMs: now,
      lastSeenAtMs: now,
      revokedAtMs: null,
      sessionId,
    };
  } else {
    const [existing] = await loadDevices(tx, [device.deviceId]);
    // Checked when the sign-in was prepared; only a concurrent revocation gets here.
    if (
      existing === undefined ||
      existing.data.userId !== userId ||
      existing.data.revokedAtMs !== null
    )
      return err(
        infrastructureError({
          retryable: true,
          operation: 'identity.open_session',
          message: 'the device was revoked while signing in; sign in again',
        }),
      );
    if (existing.data.sessionId !== null)
      revocations.push(
        ...(await revokeSessionInTransaction(tx, existing.data.sessionId, 'replaced', horizon)),
      );
    deviceData = { ...existing.data, lastSeenAtMs: now, sessionId };
    deviceVersion = existing.version;
  }
  await saveDevice(tx, device.deviceId, deviceData, deviceVersion);
  const refreshToken = generateSecretToken();
  const currentTokenHash = hashSecretToken(refreshToken);
  const expiresAtMs = now + context.sessionTtlMs;
  const session: SessionData = {
    userId,
    deviceId: device.deviceId,
    currentTokenHash,
    generation: 0,
    authenticationMethods: [...input.authenticationMethods],
    createdAtMs: now,
    expiresAtMs,
    lastRefreshedAtMs: now,
    revokedAtMs: null,
    revokedReason: null,
  };
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.sessions,
    id: sessionId,
    data: session,
    expectedVersion: 0,
  });
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.refreshTokens,
    id: currentTokenHash,
    data: { sessionId, generation: 0, expiresAtMs },
    expectedVersion: 0,
  });
  return ok({
    sessionId,
    deviceId: device.deviceId,
    refreshToken,
    refreshTokenExpiresAtMs: expiresAtMs,
    revocations,
  });
}
