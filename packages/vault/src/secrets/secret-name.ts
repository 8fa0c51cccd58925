import { err, ok, type Result } from '@strongroom/kernel';
import type { MalformedSecretError } from './secret-provider.js';

/**
 * What a secret name may look like (`jwt-signing`, `card-fingerprint`): lowercase letters, digits
 * and `-`, 1–64 characters, so it maps one-to-one onto an environment variable, a file name and
 * an AWS Secrets Manager name, and can never climb out of a directory.
 */
export const SECRET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Checks a secret name against {@link SECRET_NAME_PATTERN}; every provider calls it first. */
export function checkSecretName(name: string): Result<string, MalformedSecretError> {
  return typeof name === 'string' && SECRET_NAME_PATTERN.test(name)
    ? ok(name)
    : // The name is not echoed either: a caller may have passed a secret by mistake.
      err({ type: 'secrets.malformed', name: '', reason: 'bad_name' });
}
