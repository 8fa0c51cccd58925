import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, infrastructureError, type Result } from '@strongroom/kernel';
import {
  parseVersionedSecret,
  VERSIONED_SECRET_TEXT_MAX_LENGTH,
} from '../secrets/parse-versioned-secret.js';
import { checkSecretName } from '../secrets/secret-name.js';
import type { SecretError, SecretProvider, VersionedSecret } from '../secrets/secret-provider.js';
import { errorCode, isRetryableFileError } from './file-errors.js';

/**
 * Secrets from files: `<directory>/<name>.json`, each holding the versioned JSON that
 * `parseVersionedSecret` reads (a Kubernetes or Docker secret mount, say). Files are read at every
 * `get`; wrap the provider in `cachedSecretProvider` to read each at most once per interval.
 */
export function createFileSecretProvider(directory: string): SecretProvider {
  return {
    async get(name): Promise<Result<VersionedSecret, SecretError>> {
      // The name pattern has no `/` or `.`, so the path never leaves the directory.
      const checked = checkSecretName(name);
      if (checked.isErr()) return err(checked.error);
      const path = join(directory, `${name}.json`);
      try {
        // UTF-8 takes at most 4 bytes per character; the parser checks the exact length.
        const info = await stat(path);
        if (!info.isFile()) return err({ type: 'secrets.not_found', name });
        if (info.size > VERSIONED_SECRET_TEXT_MAX_LENGTH * 4)
          return err({ type: 'secrets.malformed', name, reason: 'too_long' });
        return parseVersionedSecret(name, await readFile(path, 'utf8'));
      } catch (cause) {
        const code = errorCode(cause);
        if (code === 'ENOENT' || code === 'ENOTDIR')
          return err({ type: 'secrets.not_found', name });
        return err(
          infrastructureError({
            retryable: isRetryableFileError(code),
            operation: 'secrets.file.read',
            message: 'the secret file could not be read',
            code,
          }),
        );
      }
    },
  };
}
