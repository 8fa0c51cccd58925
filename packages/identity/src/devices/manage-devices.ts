import type { AuditActor } from '@strongroom/audit';
import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { FieldEncryptionError } from '@strongroom/vault';
import type { Revocation } from '../revocation/revocation-list.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
} from '../service/identity-context.js';
import type {
  DeviceNotFoundError,
  IdentityInfrastructureError,
  UserNotFoundError,
} from '../service/identity-error.js';
import {
  revokeAllDevicesInTransaction,
  revokeDeviceInTransaction,
} from '../sessions/revoke-in-transaction.js';
import type { SessionData } from '../sessions/session-record.js';
import type { DeviceRecord } from './device-record.js';
import { loadDevices, loadUserDeviceIds } from './device-store.js';

/** A device as its owner sees it in "where you're signed in". */
export interface DeviceView {
  readonly deviceId: string;
  readonly label: string | null;
  readonly userAgent: string | null;
  readonly firstSeenAtMs: number;
  readonly lastSeenAtMs: number;
  readonly revokedAtMs: number | null;
  /** Whether a live session (not revoked, not expired) is on it. */
  readonly signedIn: boolean;
}

async function openText(
  context: IdentityContext,
  tenantId: TenantId,
  device: DeviceRecord,
  field: 'deviceLabel' | 'userAgent',
  envelope: string | null,
): Promise<Result<string | null, FieldEncryptionError>> {
  if (envelope === null) return ok(null);
  return context.fields.decrypt({
    tenantId,
    subjectId: device.data.userId,
    recordId: device.id,
    field,
    envelope,
  });
}

/**
 * A user's devices, oldest first, labels decrypted. An unknown user (or one of another tenant) is
 * `identity.user_not_found`, as every other read of a user answers, not an empty list.
 */
export async function listDevices(
  context: IdentityContext,
  tenantId: TenantId,
  userId: string,
): Promise<Result<readonly DeviceView[], UserNotFoundError | IdentityInfrastructureError>> {
  const now = nowMs(context);
  const loaded = await commandTransaction(context, tenantId, async (tx) => {
    if ((await tx.records.get(IDENTITY_COLLECTIONS.users, userId)) === undefined) {
      return err({ type: 'identity.user_not_found' } as const);
    }
    const { deviceIds } = await loadUserDeviceIds(tx, userId);
    const devices = await loadDevices(tx, deviceIds);
    const sessionIds = devices.flatMap((device) => device?.data.sessionId ?? []);
    const sessions = await tx.records.getMany(IDENTITY_COLLECTIONS.sessions, sessionIds);
    // A device is signed in while its session is neither revoked nor past its expiry.
    const live = new Set(
      sessions.flatMap((record) => {
        if (record === undefined) return [];
        const session = record.data as SessionData;
        return session.revokedAtMs === null && now < session.expiresAtMs ? [record.id] : [];
      }),
    );
    return ok({ devices, live });
  });
  if (loaded.isErr()) return err(loaded.error);
  const { devices, live } = loaded.value;
  const views: DeviceView[] = [];
  for (const device of devices) {
    if (device === undefined) continue;
    const label = await openText(
      context,
      tenantId,
      device,
      'deviceLabel',
      device.data.labelEnvelope,
    );
    if (label.isErr()) return err(label.error);
    const userAgent = await openText(
      context,
      tenantId,
      device,
      'userAgent',
      device.data.userAgentEnvelope,
    );
    if (userAgent.isErr()) return err(userAgent.error);
    views.push({
      deviceId: device.id,
      label: label.value,
      userAgent: userAgent.value,
      firstSeenAtMs: device.data.firstSeenAtMs,
      lastSeenAtMs: device.data.lastSeenAtMs,
      revokedAtMs: device.data.revokedAtMs,
      signedIn: device.data.sessionId !== null && live.has(device.data.sessionId),
    });
  }
  return ok(views);
}

/** Pushes committed revocations to the denylist, so live access tokens stop working at once. */
export async function publishRevocations(
  context: IdentityContext,
  tenantId: TenantId,
  revocations: readonly Revocation[],
): Promise<Result<void, IdentityInfrastructureError>> {
  if (revocations.length === 0) return ok(undefined);
  return context.revocations.revoke(tenantId, revocations);
}

/** Every error of revoking devices. */
export type RevokeDeviceError = DeviceNotFoundError | IdentityInfrastructureError;

/**
 * Revokes one device of a user (or all of them with `deviceId: 'all'`): its session ends, its
 * refresh tokens stop working, and its live access tokens are denied. Idempotent: revoking again
 * re-sends the denylist entries, so a failed push can simply be retried.
 */
export async function revokeDevices(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly userId: string;
    readonly deviceId: string | 'all';
    readonly actor: AuditActor;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<{ readonly revoked: number }, RevokeDeviceError>> {
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction<Revocation[], RevokeDeviceError>(
    context,
    input.tenantId,
    async (tx) => {
      let revocations: Revocation[];
      if (input.deviceId === 'all') {
        revocations = await revokeAllDevicesInTransaction(
          tx,
          input.userId,
          'device_revoked',
          horizon,
        );
      } else {
        const [device] = await loadDevices(tx, [input.deviceId]);
        if (device === undefined || device.data.userId !== input.userId)
          return err({ type: 'identity.device_not_found' } as const);
        revocations = await revokeDeviceInTransaction(tx, device, 'device_revoked', horizon);
      }
      const audited = await auditInTransaction(context, tx, input.request ?? {}, {
        actor: input.actor,
        action: 'identity.device.revoked',
        resource: { type: 'user', id: input.userId },
        outcome: 'succeeded',
        details: { deviceId: input.deviceId },
      });
      if (audited.isErr()) return err(audited.error);
      return ok(revocations);
    },
  );
  if (committed.isErr()) return err(committed.error);
  const published = await publishRevocations(context, input.tenantId, committed.value);
  if (published.isErr()) return err(published.error);
  return ok({ revoked: committed.value.filter((entry) => entry.kind === 'device').length });
}
