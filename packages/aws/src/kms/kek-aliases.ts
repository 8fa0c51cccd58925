import { assert } from '@strongroom/kernel';

/** Where KEK aliases live unless told otherwise: `alias/strongroom/<kek>/v<version>`. */
export const DEFAULT_KEK_ALIAS_PREFIX = 'alias/strongroom/';

/** The most versions one KEK may reach (the software KMS's limit too). */
export const AWS_KMS_MAX_VERSIONS = 1024;

// KMS alias names: `alias/` then letters, digits, `/`, `_`, `-`; at most 256 characters, and
// `alias/aws/` is reserved for AWS managed keys.
const ALIAS_PREFIX_PATTERN = /^alias\/[a-zA-Z0-9/_-]*$/;
const ALIAS_MAX_LENGTH = 256;
// The longest suffix a prefix must leave room for: a 64-character KEK name and `/v1024`.
const LONGEST_SUFFIX = 64 + '/v'.length + String(AWS_KMS_MAX_VERSIONS).length;
const VERSION_SUFFIX = /^[1-9][0-9]{0,3}$/;

/** Checks an alias prefix given in options; a bad one is a configuration bug. */
export function assertAliasPrefix(prefix: string): void {
  assert(
    ALIAS_PREFIX_PATTERN.test(prefix) &&
      !prefix.startsWith('alias/aws/') &&
      prefix.length + LONGEST_SUFFIX <= ALIAS_MAX_LENGTH,
    'aliasPrefix is `alias/` plus [a-zA-Z0-9/_-], not under alias/aws/, short enough for names',
  );
}

/** The alias naming one version of a KEK, e.g. `alias/strongroom/cards/v2`. */
export function versionAlias(prefix: string, keyId: string, version: number): string {
  return `${prefix}${keyId}/v${version}`;
}

/**
 * The version an alias names for `keyId`, or `undefined` when the alias belongs to something
 * else. KEK names cannot contain `/`, so `<prefix><kek>/v` is never the start of another KEK's
 * aliases.
 */
export function versionOfAlias(
  prefix: string,
  keyId: string,
  aliasName: string,
): number | undefined {
  const start = `${prefix}${keyId}/v`;
  if (!aliasName.startsWith(start)) return undefined;
  const suffix = aliasName.slice(start.length);
  if (!VERSION_SUFFIX.test(suffix)) return undefined;
  const version = Number(suffix);
  return version <= AWS_KMS_MAX_VERSIONS ? version : undefined;
}
