import { assert, type Clock, type DomainError, err, ok, type Result } from '@strongroom/kernel';
import { AES_256_KEY_BYTES } from '../crypto/aes-gcm.js';
import { decodeBase64, encodeBase64 } from '../crypto/base64.js';
import { randomBytes } from '../crypto/random-bytes.js';
import { KEK_NAME_PATTERN } from './kek-name.js';

/** The `format` every keyring file declares. */
export const SOFTWARE_KEYRING_FORMAT = 'strongroom-keyring/1';

/** The longest keyring text accepted, in characters. */
export const SOFTWARE_KEYRING_TEXT_MAX_LENGTH = 1024 * 1024;

/** The most KEKs one keyring holds. */
export const SOFTWARE_KEYRING_MAX_KEYS = 256;

/** The most versions one KEK keeps. */
export const SOFTWARE_KEYRING_MAX_VERSIONS = 1024;

const VERSION_MAX = 0xffff_ffff;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** One version of a software master key. */
export interface SoftwareKeyVersion {
  readonly version: number;
  readonly createdAt: Date;
  /** 32 bytes of AES-256 key material. */
  readonly material: Uint8Array;
}

/**
 * Versioned AES-256 master keys by KEK name, versions oldest first: what the software KMS wraps
 * data keys with. Whoever holds a keyring can unwrap every data key wrapped under it, so it is
 * stored like any other secret (a file readable by the service alone, or a secret variable).
 */
export interface SoftwareKeyring {
  readonly keys: ReadonlyMap<string, readonly SoftwareKeyVersion[]>;
}

/**
 * A keyring text could not be read. `location` names the offending part (`keys.cards[1].material`),
 * never its value, so the error can be logged.
 */
export interface SoftwareKeyringError extends DomainError<'kms.invalid_keyring'> {
  readonly reason: string;
  readonly location: string;
}

const invalid = (location: string, reason: string): Result<never, SoftwareKeyringError> =>
  err({ type: 'kms.invalid_keyring', location, reason });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnly(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function parseVersion(
  entry: unknown,
  location: string,
  previous: number,
): Result<SoftwareKeyVersion, SoftwareKeyringError> {
  if (!isPlainObject(entry) || !hasOnly(entry, ['version', 'createdAt', 'material']))
    return invalid(location, 'not_a_key_version');
  const { version, createdAt, material } = entry;
  if (
    typeof version !== 'number' ||
    !Number.isSafeInteger(version) ||
    version < 1 ||
    version > VERSION_MAX
  )
    return invalid(`${location}.version`, 'bad_version');
  if (version <= previous) return invalid(`${location}.version`, 'versions_not_increasing');
  if (typeof createdAt !== 'string' || !ISO_INSTANT.test(createdAt))
    return invalid(`${location}.createdAt`, 'bad_instant');
  const instant = new Date(createdAt);
  if (Number.isNaN(instant.getTime())) return invalid(`${location}.createdAt`, 'bad_instant');
  const bytes = typeof material === 'string' ? decodeBase64(material) : undefined;
  if (bytes === undefined) return invalid(`${location}.material`, 'not_base64');
  if (bytes.byteLength !== AES_256_KEY_BYTES)
    return invalid(`${location}.material`, 'not_32_bytes');
  return ok({ version, createdAt: instant, material: bytes });
}

/**
 * Reads a keyring from its JSON text:
 * `{ "format": "strongroom-keyring/1", "keys": { "<name>": [{ "version": 1, "createdAt": "<ISO>",
 * "material": "<base64 of 32 bytes>" }, …] } }`, versions strictly increasing. Unknown properties
 * are refused, so a misspelt field is noticed rather than ignored.
 */
export function parseSoftwareKeyring(text: string): Result<SoftwareKeyring, SoftwareKeyringError> {
  if (typeof text !== 'string') return invalid('$', 'not_text');
  if (text.length > SOFTWARE_KEYRING_TEXT_MAX_LENGTH) return invalid('$', 'too_long');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the fault, which may be key material.
    return invalid('$', 'not_json');
  }
  if (!isPlainObject(json) || !hasOnly(json, ['format', 'keys']))
    return invalid('$', 'not_a_keyring');
  if (json['format'] !== SOFTWARE_KEYRING_FORMAT) return invalid('format', 'unknown_format');
  const keys = json['keys'];
  if (!isPlainObject(keys)) return invalid('keys', 'not_an_object');
  const names = Object.keys(keys);
  if (names.length > SOFTWARE_KEYRING_MAX_KEYS) return invalid('keys', 'too_many_keys');
  const parsed = new Map<string, readonly SoftwareKeyVersion[]>();
  for (const name of names.sort()) {
    if (!KEK_NAME_PATTERN.test(name)) return invalid('keys', 'bad_key_name');
    const entries = keys[name];
    const location = `keys.${name}`;
    if (!Array.isArray(entries) || entries.length === 0) return invalid(location, 'no_versions');
    if (entries.length > SOFTWARE_KEYRING_MAX_VERSIONS)
      return invalid(location, 'too_many_versions');
    const versions: SoftwareKeyVersion[] = [];
    for (const [index, entry] of entries.entries()) {
      const version = parseVersion(entry, `${location}[${index}]`, versions.at(-1)?.version ?? 0);
      if (version.isErr()) return err(version.error);
      versions.push(version.value);
    }
    parsed.set(name, versions);
  }
  return ok({ keys: parsed });
}

/** Writes a keyring as the JSON text {@link parseSoftwareKeyring} reads, names sorted. */
export function formatSoftwareKeyring(keyring: SoftwareKeyring): string {
  const keys: Record<string, unknown> = {};
  for (const name of [...keyring.keys.keys()].sort()) {
    keys[name] = (keyring.keys.get(name) ?? []).map((version) => ({
      version: version.version,
      createdAt: version.createdAt.toISOString(),
      material: encodeBase64(version.material),
    }));
  }
  return `${JSON.stringify({ format: SOFTWARE_KEYRING_FORMAT, keys }, null, 2)}\n`;
}

/** A new random key version, created now. */
export function newSoftwareKeyVersion(version: number, clock: Clock): SoftwareKeyVersion {
  return { version, createdAt: clock.now(), material: randomBytes(AES_256_KEY_BYTES) };
}

/** A new keyring with version 1 of each named KEK, from the platform CSPRNG. */
export function generateSoftwareKeyring(keyIds: readonly string[], clock: Clock): SoftwareKeyring {
  assert(keyIds.length <= SOFTWARE_KEYRING_MAX_KEYS, 'at most 256 KEKs in a keyring');
  const keys = new Map<string, readonly SoftwareKeyVersion[]>();
  for (const keyId of keyIds) {
    assert(KEK_NAME_PATTERN.test(keyId), 'KEK names match KEK_NAME_PATTERN');
    keys.set(keyId, [newSoftwareKeyVersion(1, clock)]);
  }
  return { keys };
}

/**
 * Reads a keyring from an environment variable's value holding the keyring JSON (e.g.
 * `STRONGROOM_KMS_KEYRING`); an absent or empty variable is `missing`.
 */
export function softwareKeyringFromEnvironment(
  value: string | undefined,
): Result<SoftwareKeyring, SoftwareKeyringError> {
  if (value === undefined || value.trim() === '') return invalid('$', 'missing');
  return parseSoftwareKeyring(value);
}
