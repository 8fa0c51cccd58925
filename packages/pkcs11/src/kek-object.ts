import pkcs11js, { type Template } from 'pkcs11js';

/** Prefix of the label and id of every object this adapter creates on a token. */
const OBJECT_PREFIX = 'strongroom:';

/** Key length of every KEK version: AES-256. */
export const KEK_BYTES = 32;

/** Most versions a KEK may have; rotation refuses beyond it (monthly rotation lasts 83 years). */
export const KEK_VERSIONS_MAX = 1000;

/** What the token's label of a KEK version says about it. */
export interface KekObjectLabel {
  readonly version: number;
  readonly createdAt: Date;
}

/**
 * `CKA_ID` of every version of a KEK: `strongroom:<keyId>`. All versions share it, so one
 * `C_FindObjects` on it lists a KEK's versions; PKCS#11 lets several objects share an id.
 */
export function kekObjectId(keyId: string): Buffer {
  return Buffer.from(`${OBJECT_PREFIX}${keyId}`, 'utf8');
}

/**
 * `CKA_LABEL` of a KEK version: `strongroom:<keyId>:v<version>:<createdAt, ISO 8601 UTC>`. The
 * creation time lives here because `CKA_START_DATE` holds a day, not an instant, and pkcs11js
 * 2.1.7 cannot read it back from SoftHSM2; the object is created with `CKA_MODIFIABLE` false, so
 * the label cannot be changed afterwards.
 */
export function kekLabel(keyId: string, label: KekObjectLabel): string {
  return `${OBJECT_PREFIX}${keyId}:v${label.version}:${label.createdAt.toISOString()}`;
}

const LABEL_TAIL = /^v([1-9][0-9]{0,8}):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

/**
 * Reads a label written by {@link kekLabel} for `keyId`; `undefined` for an object someone else
 * labelled, which the adapter then ignores.
 */
export function parseKekLabel(keyId: string, label: string): KekObjectLabel | undefined {
  const prefix = `${OBJECT_PREFIX}${keyId}:`;
  if (!label.startsWith(prefix)) return undefined;
  const match = LABEL_TAIL.exec(label.slice(prefix.length));
  if (match === null) return undefined;
  const createdAt = new Date(match[2] ?? '');
  return Number.isNaN(createdAt.getTime()) ? undefined : { version: Number(match[1]), createdAt };
}

/** Finds the versions of one KEK: AES secret keys on the token carrying its `CKA_ID`. */
export function kekSearchTemplate(keyId: string): Template {
  return [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: kekObjectId(keyId) },
  ];
}

/**
 * The template of a new KEK version, generated inside the token: a persistent, private AES-256
 * key that can never leave it in clear or wrapped (sensitive, not extractable), usable only to
 * encrypt and decrypt data keys, and not modifiable or copyable.
 */
export function kekGenerationTemplate(keyId: string, label: KekObjectLabel): Template {
  return [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: KEK_BYTES },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: true },
    { type: pkcs11js.CKA_WRAP, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_SIGN, value: false },
    { type: pkcs11js.CKA_VERIFY, value: false },
    { type: pkcs11js.CKA_DERIVE, value: false },
    { type: pkcs11js.CKA_MODIFIABLE, value: false },
    { type: pkcs11js.CKA_COPYABLE, value: false },
    { type: pkcs11js.CKA_ID, value: kekObjectId(keyId) },
    { type: pkcs11js.CKA_LABEL, value: kekLabel(keyId, label) },
  ];
}
