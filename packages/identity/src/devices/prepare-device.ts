import {
  err,
  ok,
  parseId,
  type Result,
  type StorageTransaction,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { FieldEncryptionError } from '@strongroom/vault';
import type { IdentityContext } from '../service/identity-context.js';
import { DEVICE_TEXT_MAX_LENGTH } from '../service/identity-limits.js';
import type { DeviceRecord, PreparedDevice } from './device-record.js';
import { loadDevices } from './device-store.js';

/** What a client says about the device it signs in from. */
export interface DeviceInput {
  /** The id this client received at an earlier sign-in (kept like a cookie), if any. */
  readonly deviceId?: unknown;
  /** A name the user recognises, e.g. "Ann's laptop". */
  readonly label?: unknown;
  readonly userAgent?: unknown;
}

function optionalText(field: string, input: unknown): Result<string | null, ValidationError> {
  if (input === undefined || input === null) return ok(null);
  if (typeof input !== 'string') return err(validationError(field, 'not_a_string'));
  if (input.length > DEVICE_TEXT_MAX_LENGTH) return err(validationError(field, 'too_long'));
  return ok(input);
}

/** Checks a device input's shape before any work is done for the sign-in. */
export function checkDeviceInput(input: DeviceInput): Result<void, ValidationError> {
  if (input.deviceId !== undefined && input.deviceId !== null) {
    const id = parseId('dev', input.deviceId);
    if (id.isErr()) return err(id.error);
  }
  return optionalText('deviceLabel', input.label)
    .andThen(() => optionalText('userAgent', input.userAgent))
    .map(() => undefined);
}

/** The device record a client presented (`input.deviceId`), read in the caller's transaction. */
export async function loadPresentedDevice(
  tx: StorageTransaction,
  input: DeviceInput,
): Promise<DeviceRecord | undefined> {
  const presented = parseId('dev', input.deviceId);
  return presented.isOk() ? (await loadDevices(tx, [presented.value]))[0] : undefined;
}

/**
 * Decides which device a sign-in binds to: the presented device (read with the user, by
 * {@link loadPresentedDevice}) when it is the user's and not revoked, otherwise a new one, whose
 * label and user agent are encrypted for the user now (outside the transaction, since creating
 * the user's key may need the KMS).
 */
export async function prepareDevice(
  context: IdentityContext,
  tenantId: TenantId,
  userId: string,
  input: DeviceInput,
  presented: DeviceRecord | undefined,
): Promise<Result<PreparedDevice, ValidationError | FieldEncryptionError>> {
  if (
    presented !== undefined &&
    presented.data.userId === userId &&
    presented.data.revokedAtMs === null
  )
    return ok({
      deviceId: presented.id,
      isNew: false,
      labelEnvelope: null,
      userAgentEnvelope: null,
    });
  const deviceId = context.ids.next('dev');
  const envelopes: (string | null)[] = [];
  for (const [field, value] of [
    ['deviceLabel', input.label],
    ['userAgent', input.userAgent],
  ] as const) {
    const text = optionalText(field, value);
    if (text.isErr()) return err(text.error);
    if (text.value === null) {
      envelopes.push(null);
      continue;
    }
    const sealed = await context.fields.encrypt({
      tenantId,
      subjectId: userId,
      recordId: deviceId,
      field,
      value: text.value,
    });
    if (sealed.isErr()) return err(sealed.error);
    envelopes.push(sealed.value);
  }
  return ok({
    deviceId,
    isNew: true,
    labelEnvelope: envelopes[0] ?? null,
    userAgentEnvelope: envelopes[1] ?? null,
  });
}
