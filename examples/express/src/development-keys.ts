import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, systemClock } from '@strongroom/kernel';
import {
  createSoftwareKms,
  generateSoftwareKeyring,
  type Kms,
  type SecretProvider,
  VAULT_SECRET_NAMES_DEFAULT,
} from '@strongroom/vault';
import {
  createFileSecretProvider,
  loadSoftwareKeyringFile,
  softwareKeyringFilePersistence,
} from '@strongroom/vault/node';

/** The example's keys: the KMS, the vault's secrets and the audit log's signing seed. */
export interface DevelopmentKeys {
  readonly kms: Kms;
  readonly secrets: SecretProvider;
  readonly auditSeed: Uint8Array;
}

const OWNER_ONLY = 0o600;

function randomBase64(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64');
}

// Written once, never overwritten: replacing a key would make everything sealed under it unreadable.
async function writeOnce(path: string, content: () => string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    const text = content();
    await writeFile(path, text, { mode: OWNER_ONLY, flag: 'wx' });
    return text;
  }
}

/**
 * Keys for running the example on one machine: a software keyring, the vault's secrets and the
 * audit seed, generated into `<dataDir>/keys` on the first start (mode 0600) and reused after, so
 * data written by one run stays readable by the next. A deployment uses AWS KMS or an HSM and a
 * secrets manager instead (see docs/).
 */
export async function loadDevelopmentKeys(dataDir: string): Promise<DevelopmentKeys> {
  const directory = join(dataDir, 'keys');
  await mkdir(join(directory, 'secrets'), { recursive: true, mode: 0o700 });
  const keyringPath = join(directory, 'keyring.json');
  const persist = softwareKeyringFilePersistence(keyringPath);
  const loaded = await loadSoftwareKeyringFile(keyringPath);
  let keyring = loaded.isOk() ? loaded.value : undefined;
  if (keyring === undefined) {
    if (loaded.isErr() && loaded.error.type === 'infrastructure')
      throw new Error(loaded.error.message);
    keyring = generateSoftwareKeyring(['cards', 'fields'], systemClock);
    await persist(keyring);
  }
  for (const name of Object.values(VAULT_SECRET_NAMES_DEFAULT)) {
    await writeOnce(join(directory, 'secrets', `${name}.json`), () =>
      JSON.stringify({ versions: [{ version: 1, value: randomBase64(32) }] }),
    );
  }
  const seed = await writeOnce(join(directory, 'audit-seed'), () => randomBase64(32));
  const auditSeed = new Uint8Array(Buffer.from(seed.trim(), 'base64'));
  // A truncated seed file must not quietly weaken the audit log's signing key.
  assert(auditSeed.byteLength === 32, 'the audit seed is 32 bytes');
  return {
    kms: createSoftwareKms({ keyring, persist }),
    secrets: createFileSecretProvider(join(directory, 'secrets')),
    auditSeed,
  };
}
