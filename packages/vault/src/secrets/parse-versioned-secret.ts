import { err, ok, type Result } from '@strongroom/kernel';
import { decodeBase64 } from '../crypto/base64.js';
import { checkSecretName } from './secret-name.js';
import type { MalformedSecretError, SecretVersion, VersionedSecret } from './secret-provider.js';

/** The longest stored secret text accepted, in characters. */
export const VERSIONED_SECRET_TEXT_MAX_LENGTH = 64 * 1024;

/** The most versions one secret keeps (old ones are dropped once nothing needs them). */
export const VERSIONED_SECRET_MAX_VERSIONS = 16;

/** The fewest bytes a secret value may have: 128 bits. */
export const SECRET_VALUE_MIN_BYTES = 16;

/** The most bytes a secret value may have. */
export const SECRET_VALUE_MAX_BYTES = 4096;

const VERSION_MAX = 0x7fff_ffff;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the one stored form of a versioned secret, whatever the provider:
 * `{ "versions": [{ "version": 2, "value": "<base64>" }, …] }`. Versions are distinct positive
 * integers in any order; the highest is current. Values are standard base64 of 16–4096 bytes.
 * Errors name what is wrong, never the value.
 */
export function parseVersionedSecret(
  name: string,
  text: string,
): Result<VersionedSecret, MalformedSecretError> {
  const checked = checkSecretName(name);
  if (checked.isErr()) return err(checked.error);
  const malformed = (reason: string): Result<never, MalformedSecretError> =>
    err({ type: 'secrets.malformed', name, reason });
  if (typeof text !== 'string') return malformed('not_text');
  if (text.length > VERSIONED_SECRET_TEXT_MAX_LENGTH) return malformed('too_long');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the fault, which may be the secret.
    return malformed('not_json');
  }
  if (!isPlainObject(json) || Object.keys(json).some((key) => key !== 'versions'))
    return malformed('not_a_versioned_secret');
  const entries = json['versions'];
  if (!Array.isArray(entries) || entries.length === 0) return malformed('no_versions');
  if (entries.length > VERSIONED_SECRET_MAX_VERSIONS) return malformed('too_many_versions');
  const versions: SecretVersion[] = [];
  for (const entry of entries) {
    if (
      !isPlainObject(entry) ||
      Object.keys(entry).some((key) => key !== 'version' && key !== 'value')
    )
      return malformed('not_a_version');
    const { version, value } = entry;
    if (
      typeof version !== 'number' ||
      !Number.isSafeInteger(version) ||
      version < 1 ||
      version > VERSION_MAX
    )
      return malformed('bad_version');
    if (versions.some((seen) => seen.version === version)) return malformed('duplicate_version');
    const bytes = typeof value === 'string' ? decodeBase64(value) : undefined;
    if (bytes === undefined) return malformed('value_not_base64');
    if (bytes.byteLength < SECRET_VALUE_MIN_BYTES) return malformed('value_too_short');
    if (bytes.byteLength > SECRET_VALUE_MAX_BYTES) return malformed('value_too_long');
    versions.push({ version, value: bytes });
  }
  versions.sort((a, b) => b.version - a.version);
  return ok({ name, current: versions[0] as SecretVersion, versions });
}
