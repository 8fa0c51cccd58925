import pkcs11js, { type PKCS11 } from 'pkcs11js';
import type { SoftHsmToken } from './softhsm-token.js';

/**
 * Runs `work` on a session of its own on the test token, through a separate pkcs11js handle: a
 * look at the token from outside the adapter. Call it while a KMS on the token is open — Cryptoki
 * shares that login with this session — and it never finalizes the module under the KMS.
 */
export function onTokenSession<T>(
  token: SoftHsmToken,
  work: (pkcs11: PKCS11, session: Buffer) => T,
): T {
  const pkcs11 = new pkcs11js.PKCS11();
  pkcs11.load(token.modulePath);
  try {
    pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if ((error as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED)
      throw error;
  }
  const slot = pkcs11
    .C_GetSlotList(true)
    .find((candidate) => pkcs11.C_GetTokenInfo(candidate).label.trimEnd() === token.tokenLabel);
  if (slot === undefined) throw new Error(`no token ${token.tokenLabel}`);
  const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION);
  try {
    return work(pkcs11, session);
  } finally {
    pkcs11.C_CloseSession(session);
  }
}

/** Handles of the secret keys whose `CKA_ID` is `id`. */
export function findSecretKeys(pkcs11: PKCS11, session: Buffer, id: string): Buffer[] {
  pkcs11.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(id) },
  ]);
  try {
    return pkcs11.C_FindObjects(session, 100);
  } finally {
    pkcs11.C_FindObjectsFinal(session);
  }
}

/** One attribute's raw value. */
export function attribute(pkcs11: PKCS11, session: Buffer, handle: Buffer, type: number): Buffer {
  const [result] = pkcs11.C_GetAttributeValue(session, handle, [{ type }]);
  if (result === undefined) throw new Error(`no attribute ${type}`);
  return result.value;
}

/** Creates an AES key on the token the way another program might, with our id and any label. */
export function plantSecretKey(
  pkcs11: PKCS11,
  session: Buffer,
  fields: { id: string; label: string },
): Buffer {
  return pkcs11.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_ENCRYPT, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: true },
    { type: pkcs11js.CKA_ID, value: Buffer.from(fields.id) },
    { type: pkcs11js.CKA_LABEL, value: fields.label },
  ]);
}
