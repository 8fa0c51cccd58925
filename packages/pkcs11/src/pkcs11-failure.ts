import { type InfrastructureError, infrastructureError } from '@strongroom/kernel';
import pkcs11js from 'pkcs11js';

/**
 * Return values that pkcs11js 2.1.7 has no constant for (PKCS#11 2.40 and 3.0, section "Return
 * values" of the base specification), so that their names still reach error codes.
 */
const RETURN_VALUES_MISSING_FROM_PKCS11JS: ReadonlyMap<number, string> = new Map([
  [0x1b, 'CKR_ACTION_PROHIBITED'],
  [0x35, 'CKR_AEAD_DECRYPT_FAILED'],
]);

const RETURN_VALUE_NAMES: ReadonlyMap<number, string> = (() => {
  const names = new Map(RETURN_VALUES_MISSING_FROM_PKCS11JS);
  for (const [name, value] of Object.entries(pkcs11js)) {
    if (name.startsWith('CKR_') && typeof value === 'number' && !names.has(value)) {
      names.set(value, name);
    }
  }
  return names;
})();

/** The name of a PKCS#11 return value, e.g. `CKR_PIN_INCORRECT`, or its hex form if unknown. */
export function returnValueName(value: number): string {
  return RETURN_VALUE_NAMES.get(value) ?? `CKR_0x${value.toString(16).padStart(8, '0')}`;
}

/** The `CKR_*` value a pkcs11js call failed with, or `undefined` if it was not a PKCS#11 error. */
export function returnValueOf(error: unknown): number | undefined {
  return error instanceof pkcs11js.Pkcs11Error ? error.code : undefined;
}

/** Faults after which the same call may succeed: memory pressure, a session we have replaced. */
const TRANSIENT_RETURN_VALUES: ReadonlySet<number> = new Set([
  pkcs11js.CKR_HOST_MEMORY,
  pkcs11js.CKR_DEVICE_MEMORY,
  pkcs11js.CKR_FUNCTION_CANCELED,
  pkcs11js.CKR_SESSION_COUNT,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_OPERATION_ACTIVE,
]);

/** Return values that leave a session unusable or in doubt; the pool replaces such a session. */
export const SESSION_BREAKING_RETURN_VALUES: ReadonlySet<number> = new Set([
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_OPERATION_ACTIVE,
  pkcs11js.CKR_OPERATION_NOT_INITIALIZED,
  pkcs11js.CKR_DEVICE_REMOVED,
]);

/**
 * Maps what a pkcs11js call threw to an {@link InfrastructureError} whose `code` is the `CKR_*`
 * name. Only the return value and the function name are kept: a native message is never copied,
 * so nothing an argument held (a PIN, key material) can reach the error. A `TypeError` is a bug
 * in this package (a wrong argument shape) and is thrown on.
 */
export function deviceFailure(error: unknown, operation: string): InfrastructureError {
  if (error instanceof TypeError || !(error instanceof pkcs11js.NativeError)) throw error;
  const method = /^C_[A-Za-z]+$/.test(error.method) ? error.method : 'the PKCS#11 module';
  const value = returnValueOf(error);
  if (value === undefined) {
    return infrastructureError({
      retryable: false,
      operation,
      message: `${method} failed inside the PKCS#11 binding`,
      code: 'native_error',
    });
  }
  const name = returnValueName(value);
  return infrastructureError({
    retryable: TRANSIENT_RETURN_VALUES.has(value),
    operation,
    message: `${method} returned ${name}`,
    code: name,
  });
}

/** Runs a release step whose failure leaves nothing to undo (the device or session is gone). */
export function ignoreFailure(step: () => void): void {
  try {
    step();
  } catch (error) {
    if (!(error instanceof pkcs11js.NativeError)) throw error;
  }
}
