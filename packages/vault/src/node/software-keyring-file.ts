import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  err,
  type InfrastructureError,
  infrastructureError,
  type Result,
} from '@strongroom/kernel';
import {
  formatSoftwareKeyring,
  parseSoftwareKeyring,
  SOFTWARE_KEYRING_TEXT_MAX_LENGTH,
  type SoftwareKeyring,
  type SoftwareKeyringError,
} from '../kms/software-keyring.js';
import { errorCode, isRetryableFileError } from './file-errors.js';

/** File mode of a keyring written here: read and write for the owner only. */
export const SOFTWARE_KEYRING_FILE_MODE = 0o600;

/**
 * Reads a keyring file (the JSON `parseSoftwareKeyring` reads). A missing file is
 * `kms.invalid_keyring` / `missing`; other file-system failures are infrastructure errors.
 */
export async function loadSoftwareKeyringFile(
  path: string,
): Promise<Result<SoftwareKeyring, SoftwareKeyringError | InfrastructureError>> {
  try {
    const info = await stat(path);
    // UTF-8 takes at most 4 bytes per character; the parser checks the exact length.
    if (info.size > SOFTWARE_KEYRING_TEXT_MAX_LENGTH * 4)
      return err({ type: 'kms.invalid_keyring', location: '$', reason: 'too_long' });
    return parseSoftwareKeyring(await readFile(path, 'utf8'));
  } catch (cause) {
    const code = errorCode(cause);
    if (code === 'ENOENT')
      return err({ type: 'kms.invalid_keyring', location: '$', reason: 'missing' });
    return err(
      infrastructureError({
        retryable: isRetryableFileError(code),
        operation: 'software_kms.keyring_file.read',
        message: 'the keyring file could not be read',
        code,
      }),
    );
  }
}

/**
 * A `persist` function for `createSoftwareKms` that saves the keyring to `path` atomically: it
 * writes a new file beside it (mode 0600, created exclusively), flushes it to disk, then renames
 * it over the old one, so a crash leaves either the old keyring or the new one, never half of one.
 * Losing a keyring version loses every data key it wrapped, hence the care.
 */
export function softwareKeyringFilePersistence(
  path: string,
): (keyring: SoftwareKeyring) => Promise<void> {
  return async (keyring) => {
    const temporary = `${path}.${randomBytes(8).toString('hex')}.tmp`;
    const file = await open(temporary, 'wx', SOFTWARE_KEYRING_FILE_MODE);
    try {
      try {
        await file.writeFile(formatSoftwareKeyring(keyring), 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    } catch (cause) {
      await unlink(temporary).catch(() => {});
      throw cause;
    }
    // Flushing the directory makes the rename itself durable; not every platform allows it.
    const directory = await open(dirname(path), 'r').catch(() => undefined);
    if (directory !== undefined) {
      await directory.sync().catch(() => {});
      await directory.close();
    }
  };
}
