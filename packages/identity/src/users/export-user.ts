import type { AuditActor } from '@strongroom/audit';
import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import { type DeviceView, listDevices } from '../devices/manage-devices.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
} from '../service/identity-context.js';
import type {
  IdentityInfrastructureError,
  UserErasedError,
  UserNotFoundError,
} from '../service/identity-error.js';
import { mfaMethodsOf } from '../sessions/mfa-challenge.js';
import type { UserStatus } from './user-status.js';
import { loadUser } from './user-store.js';

/**
 * Everything identity holds about a user, decrypted, as portable JSON (GDPR art. 15 and 20).
 * Secrets are described, never exported: the password hash, TOTP secret and recovery codes are
 * credentials, not personal data the user needs back.
 */
export interface UserExport {
  readonly formatVersion: 1;
  readonly userId: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly status: UserStatus;
  readonly roles: readonly string[];
  readonly emailVerifiedAt: string | null;
  readonly createdAt: string;
  readonly secondFactors: readonly string[];
  readonly devices: readonly DeviceView[];
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/** Every error of an export. */
export type ExportUserError = UserNotFoundError | UserErasedError | IdentityInfrastructureError;

/** Exports a user's data; the export itself is recorded in the audit log. */
export async function exportUser(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly userId: string;
    readonly actor: AuditActor;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<UserExport, ExportUserError>> {
  const { tenantId, userId } = input;
  const loaded = await commandTransaction(context, tenantId, async (tx) =>
    ok(await loadUser(tx, userId)),
  );
  if (loaded.isErr()) return err(loaded.error);
  const user = loaded.value;
  if (user === undefined) return err({ type: 'identity.user_not_found' });
  if (user.data.status === 'erased') return err({ type: 'identity.user_erased' });
  const location = { tenantId, subjectId: userId, recordId: userId };
  const open = async (field: string, envelope: string | null) =>
    envelope === null ? ok(null) : context.fields.decrypt({ ...location, field, envelope });
  const email = await open('email', user.data.emailEnvelope);
  if (email.isErr()) return err(email.error);
  const phone = await open('phone', user.data.phoneEnvelope);
  if (phone.isErr()) return err(phone.error);
  const devices = await listDevices(context, tenantId, userId);
  if (devices.isErr()) return err(devices.error);
  const recorded = await commandTransaction(context, tenantId, async (tx) => {
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: input.actor,
      action: 'identity.user.exported',
      resource: { type: 'user', id: userId },
      outcome: 'succeeded',
    });
    return audited.isErr() ? err(audited.error) : ok(undefined);
  });
  if (recorded.isErr()) return err(recorded.error);
  return ok({
    formatVersion: 1,
    userId,
    email: email.value,
    phone: phone.value,
    status: user.data.status,
    roles: user.data.roles,
    emailVerifiedAt: isoOrNull(user.data.emailVerifiedAtMs),
    createdAt: new Date(user.data.createdAtMs).toISOString(),
    secondFactors: mfaMethodsOf(user.data.mfa),
    devices: devices.value,
  });
}
