import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './fake-aws/start-fake-aws.js';

// The fake's own checks: it must refuse what AWS refuses and what our adapter must never send,
// or the adapter tests that lean on it would prove nothing.

let aws: FakeAws;
let client: KMSClient;
beforeEach(async () => {
  aws = await startFakeAws();
  client = aws.kmsClient();
});
afterEach(async () => {
  await aws.close();
});

async function aliasedKey(aliasName: string): Promise<void> {
  const created = await client.send(
    new CreateKeyCommand({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Description: 'fake self-test',
      Tags: [{ TagKey: 'strongroom:kek', TagValue: 'self-test' }],
    }),
  );
  await client.send(
    new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: created.KeyMetadata?.KeyId }),
  );
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

describe('fake AWS KMS', () => {
  it('refuses requests our adapter must never send, and records each as a violation', async () => {
    await aliasedKey('alias/self/v1');
    const context = { tenant: 'a' };
    const generated = await client.send(
      new GenerateDataKeyCommand({
        KeyId: 'alias/self/v1',
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    );
    const blob = generated.CiphertextBlob as Uint8Array;
    expect(aws.server.violations).toEqual([]);

    const refused = [
      client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context })),
      client.send(new DecryptCommand({ KeyId: 'alias/self/v1', CiphertextBlob: blob })),
      client.send(
        new GenerateDataKeyCommand({
          KeyId: 'alias/self/v1',
          NumberOfBytes: 32,
          EncryptionContext: context,
        }),
      ),
      client.send(
        new GenerateDataKeyCommand({
          KeyId: 'alias/self/v1',
          KeySpec: 'AES_128',
          EncryptionContext: context,
        }),
      ),
      client.send(new EncryptCommand({ KeyId: 'alias/self/v1', Plaintext: new Uint8Array(32) })),
      client.send(
        new CreateKeyCommand({ Description: 'no spec', Tags: [{ TagKey: 'k', TagValue: 'v' }] }),
      ),
    ];
    for (const request of refused) expect(await errorName(request)).toBe('ValidationException');
    expect(aws.server.violations).toHaveLength(refused.length);
  });

  it('encrypts for real: another context, another key or a flipped bit fails as on KMS', async () => {
    await aliasedKey('alias/self/v1');
    await aliasedKey('alias/self/v2');
    const context = { tenant: 'a', purpose: 'cards' };
    const generated = await client.send(
      new GenerateDataKeyCommand({
        KeyId: 'alias/self/v1',
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    );
    const blob = generated.CiphertextBlob as Uint8Array;
    const decrypt = (
      KeyId: string,
      CiphertextBlob: Uint8Array,
      EncryptionContext: Record<string, string>,
    ) => client.send(new DecryptCommand({ KeyId, CiphertextBlob, EncryptionContext }));

    const reordered = await decrypt('alias/self/v1', blob, { purpose: 'cards', tenant: 'a' });
    expect(reordered.Plaintext).toEqual(generated.Plaintext);
    expect(await errorName(decrypt('alias/self/v1', blob, { tenant: 'b', purpose: 'cards' }))).toBe(
      'InvalidCiphertextException',
    );
    expect(await errorName(decrypt('alias/self/v2', blob, context))).toBe('IncorrectKeyException');
    expect(await errorName(decrypt('alias/self/v9', blob, context))).toBe('NotFoundException');
    const flipped = Uint8Array.from(blob);
    flipped[30] = (flipped[30] ?? 0) ^ 0x10;
    expect(await errorName(decrypt('alias/self/v1', flipped, context))).toBe(
      'InvalidCiphertextException',
    );
    expect(aws.server.violations).toEqual([]);
  });

  it('refuses a second alias of the same name and aliases under alias/aws/', async () => {
    await aliasedKey('alias/self/v1');
    expect(await errorName(aliasedKey('alias/self/v1'))).toBe('AlreadyExistsException');
    expect(await errorName(aliasedKey('alias/aws/self'))).toBe('InvalidAliasNameException');
  });
});
