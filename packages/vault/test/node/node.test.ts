import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, unwrapOrThrow } from '@strongroom/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../src/crypto/base64.js';
import { formatSoftwareKeyring, generateSoftwareKeyring } from '../../src/kms/software-keyring.js';
import { createSoftwareKms } from '../../src/kms/software-kms.js';
import {
  createFileSecretProvider,
  loadSoftwareKeyringFile,
  softwareKeyringFilePersistence,
} from '../../src/node.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'strongroom-vault-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const context = { tenant: 'acme', kek: 'cards' };

describe('software keyring files', () => {
  it('persists rotations atomically with mode 0600 and reloads them after a restart', async () => {
    const path = join(directory, 'keyring.json');
    const clock = new FakeClock();
    await writeFile(path, formatSoftwareKeyring(generateSoftwareKeyring(['cards'], clock)));
    const kms = createSoftwareKms({
      keyring: unwrapOrThrow(await loadSoftwareKeyringFile(path)),
      clock,
      persist: softwareKeyringFilePersistence(path),
    });
    const old = unwrapOrThrow(await kms.generateDataKey('cards', context));
    unwrapOrThrow(await kms.rotate('cards'));
    unwrapOrThrow(await kms.createKey('fields'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(directory)).toEqual(['keyring.json']);

    const restarted = createSoftwareKms({
      keyring: unwrapOrThrow(await loadSoftwareKeyringFile(path)),
    });
    expect(unwrapOrThrow(await restarted.describe('cards')).currentVersion).toBe(2);
    expect(unwrapOrThrow(await restarted.describe('fields')).currentVersion).toBe(1);
    expect(unwrapOrThrow(await restarted.unwrap(old.wrapped, context))).toEqual(old.plaintext);
  });

  it('reports a missing or malformed file as a keyring error, never echoing its content', async () => {
    expect(
      (await loadSoftwareKeyringFile(join(directory, 'absent.json')))._unsafeUnwrapErr(),
    ).toEqual({
      type: 'kms.invalid_keyring',
      location: '$',
      reason: 'missing',
    });
    const path = join(directory, 'broken.json');
    const material = encodeBase64(new Uint8Array(32).fill(3));
    await writeFile(
      path,
      `{"format":"strongroom-keyring/1","keys":{"cards":[{"material":"${material}"`,
    );
    const error = (await loadSoftwareKeyringFile(path))._unsafeUnwrapErr();
    expect(error).toEqual({ type: 'kms.invalid_keyring', location: '$', reason: 'not_json' });
    expect(JSON.stringify(error)).not.toContain(material);
  });

  it('reports an unreadable path as an infrastructure error', async () => {
    const error = (await loadSoftwareKeyringFile(directory))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      type: 'infrastructure',
      operation: 'software_kms.keyring_file.read',
      code: 'EISDIR',
    });
  });

  it('fails the rotation and leaves the old file and no temporary when the write fails', async () => {
    const path = join(directory, 'sub', 'keyring.json');
    const kms = createSoftwareKms({
      keyring: generateSoftwareKeyring(['cards'], new FakeClock()),
      persist: softwareKeyringFilePersistence(path),
    });
    // The folder does not exist, so the temporary file cannot be created.
    expect((await kms.rotate('cards'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      code: 'ENOENT',
    });
    expect(unwrapOrThrow(await kms.describe('cards')).currentVersion).toBe(1);
    await mkdir(join(directory, 'sub'));
    unwrapOrThrow(await kms.rotate('cards'));
    expect(await readdir(join(directory, 'sub'))).toEqual(['keyring.json']);
  });
});

describe('createFileSecretProvider', () => {
  const stored = (versions: number[]) =>
    JSON.stringify({
      versions: versions.map((version) => ({
        version,
        value: encodeBase64(new Uint8Array(32).fill(version)),
      })),
    });

  it('reads <name>.json and sees a rotated file at the next get', async () => {
    const provider = createFileSecretProvider(directory);
    await writeFile(join(directory, 'jwt-signing.json'), stored([1]));
    expect(unwrapOrThrow(await provider.get('jwt-signing')).current.version).toBe(1);
    await writeFile(join(directory, 'jwt-signing.json'), stored([1, 2]));
    const secret = unwrapOrThrow(await provider.get('jwt-signing'));
    expect(secret.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(secret.current.value).toEqual(new Uint8Array(32).fill(2));
  });

  it('answers missing, malformed, escaping and unreadable secrets with typed errors', async () => {
    const provider = createFileSecretProvider(directory);
    expect((await provider.get('absent'))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.not_found',
      name: 'absent',
    });
    await writeFile(join(directory, 'broken.json'), 'not json');
    expect((await provider.get('broken'))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.malformed',
      name: 'broken',
      reason: 'not_json',
    });
    await writeFile(join(directory, 'outside.json'), stored([1]));
    const nested = createFileSecretProvider(join(directory, 'nested'));
    expect((await nested.get('../outside'))._unsafeUnwrapErr()).toMatchObject({
      reason: 'bad_name',
    });
    await mkdir(join(directory, 'folder.json'));
    expect((await provider.get('folder'))._unsafeUnwrapErr().type).toBe('secrets.not_found');
    if (process.getuid?.() !== 0) {
      await writeFile(join(directory, 'locked.json'), stored([1]));
      await chmod(join(directory, 'locked.json'), 0o000);
      expect((await provider.get('locked'))._unsafeUnwrapErr()).toMatchObject({
        type: 'infrastructure',
        code: 'EACCES',
      });
    }
    expect(await readFile(join(directory, 'outside.json'), 'utf8')).toBe(stored([1]));
  });
});
