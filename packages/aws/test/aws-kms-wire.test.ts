import { AssertionFailure, FakeClock, unwrapOrThrow } from '@strongroom/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsKms, MAX_ALIAS_PAGES } from '../src/index.js';
import type { RecordedRequest } from './fake-aws/aws-json-server.js';
import { type FakeAws, startFakeAws } from './fake-aws/start-fake-aws.js';

const CONTEXT = { tenant: 'tenant-a', purpose: 'cards' };

let aws: FakeAws;
beforeEach(async () => {
  aws = await startFakeAws();
});
afterEach(async () => {
  expect(aws.server.violations).toEqual([]);
  await aws.close();
});

function sent(operation?: string): RecordedRequest[] {
  return aws.server.requests.filter(
    (request) => operation === undefined || request.operation === operation,
  );
}

/** Forgets what was sent so far, so a test sees the requests of one operation only. */
function clearRequests(): void {
  aws.server.requests.length = 0;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

describe('AWS KMS adapter on the wire', () => {
  it('creates a KEK as a tagged symmetric key behind alias v1, and rotates with a new key behind v2', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    const created = unwrapOrThrow(await kms.createKey('cards'));
    const [createKey] = sent('CreateKey');
    expect(createKey?.body).toEqual({
      Description: 'Strongroom key-encryption key cards, version 1',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Tags: [
        { TagKey: 'strongroom:kek', TagValue: 'cards' },
        { TagKey: 'strongroom:version', TagValue: '1' },
      ],
    });
    const v1Key = aws.kms.aliases.get('alias/strongroom/cards/v1')?.targetKeyId;
    expect(sent('CreateAlias').map((request) => request.body)).toEqual([
      { AliasName: 'alias/strongroom/cards/v1', TargetKeyId: v1Key },
    ]);
    // createdAt is the alias's creation date as KMS reports it.
    expect(created.versions).toEqual([
      { version: 1, createdAt: aws.kms.aliases.get('alias/strongroom/cards/v1')?.creationDate },
    ]);

    clearRequests();
    const rotated = unwrapOrThrow(await kms.rotate('cards'));
    expect(rotated.currentVersion).toBe(2);
    expect(sent('CreateKey')[0]?.body['Tags']).toEqual([
      { TagKey: 'strongroom:kek', TagValue: 'cards' },
      { TagKey: 'strongroom:version', TagValue: '2' },
    ]);
    const v2Key = aws.kms.aliases.get('alias/strongroom/cards/v2')?.targetKeyId;
    expect(v2Key).toBeDefined();
    expect(v2Key).not.toBe(v1Key);
    expect(sent('CreateAlias').map((request) => request.body)).toEqual([
      { AliasName: 'alias/strongroom/cards/v2', TargetKeyId: v2Key },
    ]);
    // The version-1 alias still points at the version-1 key.
    expect(aws.kms.aliases.get('alias/strongroom/cards/v1')?.targetKeyId).toBe(v1Key);
  });

  it('asks for an AES-256 data key under the current version alias, with the context as encryption context', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    unwrapOrThrow(await kms.rotate('cards'));
    clearRequests();
    const dataKey = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    expect(dataKey.wrapped.version).toBe(2);
    // The version came from the cache rotate filled: one request only.
    expect(sent().map((request) => request.operation)).toEqual(['GenerateDataKey']);
    expect(sent('GenerateDataKey')[0]?.body).toEqual({
      KeyId: 'alias/strongroom/cards/v2',
      KeySpec: 'AES_256',
      EncryptionContext: CONTEXT,
    });
  });

  it('unwraps with Decrypt naming the wrapped version alias and the context', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    const { plaintext, wrapped } = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    unwrapOrThrow(await kms.rotate('cards'));
    clearRequests();
    expect(unwrapOrThrow(await kms.unwrap(wrapped, CONTEXT))).toEqual(plaintext);
    expect(sent().map((request) => request.body)).toEqual([
      {
        CiphertextBlob: base64(wrapped.ciphertext),
        KeyId: 'alias/strongroom/cards/v1',
        EncryptionContext: CONTEXT,
      },
    ]);
  });

  it('rewraps with one ReEncrypt from the old version alias to the current one, never Decrypt', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    const original = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    unwrapOrThrow(await kms.rotate('cards'));
    unwrapOrThrow(await kms.rotate('cards'));
    clearRequests();
    const moved = unwrapOrThrow(await kms.rewrap(original.wrapped, CONTEXT));
    expect(moved).toMatchObject({ keyId: 'cards', version: 3 });
    expect(sent().map((request) => request.operation)).toEqual(['ReEncrypt']);
    const [reEncrypt] = sent('ReEncrypt');
    expect(reEncrypt?.body).toEqual({
      CiphertextBlob: base64(original.wrapped.ciphertext),
      SourceKeyId: 'alias/strongroom/cards/v1',
      SourceEncryptionContext: CONTEXT,
      DestinationKeyId: 'alias/strongroom/cards/v3',
      DestinationEncryptionContext: CONTEXT,
    });
    expect(reEncrypt?.text).not.toContain('Plaintext');
    expect(reEncrypt?.text).not.toContain(base64(original.plaintext));
    expect(unwrapOrThrow(await kms.unwrap(moved, CONTEXT))).toEqual(original.plaintext);
  });

  it('sends a plaintext key in no request but Encrypt (wrap), and in no answer but GenerateDataKey and Decrypt', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    const generated = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    const material = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = unwrapOrThrow(await kms.wrap('cards', material, CONTEXT));
    unwrapOrThrow(await kms.rotate('cards'));
    unwrapOrThrow(await kms.unwrap(generated.wrapped, CONTEXT));
    unwrapOrThrow(await kms.rewrap(generated.wrapped, CONTEXT));
    unwrapOrThrow(await kms.rewrap(wrapped, CONTEXT));
    unwrapOrThrow(await kms.describe('cards'));

    const keys = [base64(generated.plaintext), base64(material)];
    const operations = new Set(sent().map((request) => request.operation));
    expect(operations).toEqual(
      new Set([
        'ListAliases',
        'CreateKey',
        'CreateAlias',
        'GenerateDataKey',
        'Encrypt',
        'Decrypt',
        'ReEncrypt',
      ]),
    );
    for (const request of sent()) {
      const carriesPlaintext = 'Plaintext' in request.body;
      const carriesKey = keys.some((key) => request.text.includes(key));
      expect(carriesPlaintext, request.operation).toBe(request.operation === 'Encrypt');
      expect(carriesKey, request.operation).toBe(request.operation === 'Encrypt');
    }
    expect(sent('Encrypt').map((request) => request.body['Plaintext'])).toEqual([base64(material)]);
  });

  it('pages through ListAliases and keeps only this KEK’s version aliases', async () => {
    await aws.close();
    aws = await startFakeAws({ maxPageSize: 3 });
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    unwrapOrThrow(await kms.rotate('cards'));
    const stranger = aws.kms.addKey();
    for (const name of [
      'alias/strongroom/cards-eu/v3',
      'alias/strongroom/cards/v03',
      'alias/strongroom/cards/vx',
      'alias/strongroom/cards/v7/old',
      'alias/strongroom/cards/v1025',
      'alias/strongroom/cardsv9',
      'alias/other/strongroom/cards/v9',
      'alias/strongroom/other/v5',
    ]) {
      aws.kms.addAlias(name, stranger);
    }
    // Reserved without a target: never a version.
    aws.kms.addAlias('alias/strongroom/cards/v8', undefined);
    clearRequests();

    const description = unwrapOrThrow(await kms.describe('cards'));
    expect(description.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(description.currentVersion).toBe(2);
    const listings = sent('ListAliases');
    expect(listings.length).toBe(Math.ceil(aws.kms.aliases.size / 3));
    expect(listings[0]?.body).toEqual({ Limit: 100 });
    for (const listing of listings.slice(1)) {
      expect(Object.keys(listing.body).sort()).toEqual(['Limit', 'Marker']);
    }
  });

  it(`stops listing after ${MAX_ALIAS_PAGES} pages with a typed error`, async () => {
    await aws.close();
    aws = await startFakeAws({ maxPageSize: 1 });
    const stranger = aws.kms.addKey();
    for (let index = 0; index < MAX_ALIAS_PAGES + 5; index += 1) {
      aws.kms.addAlias(`alias/crowd/k${String(index).padStart(4, '0')}`, stranger);
    }
    const kms = createAwsKms({ client: aws.kmsClient() });
    const error = (await kms.describe('cards'))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      operation: 'aws_kms.describe',
    });
    expect(sent('ListAliases')).toHaveLength(MAX_ALIAS_PAGES);
  });

  it('sees a rotation made elsewhere once the version cache expires, and never rewraps downwards', async () => {
    const clock = new FakeClock();
    const kms = createAwsKms({ client: aws.kmsClient(), clock, versionCacheMs: 60_000 });
    const elsewhere = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    unwrapOrThrow(await elsewhere.rotate('cards'));

    // Within the cache window the old current version is used: still valid, one request.
    clearRequests();
    const stale = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    expect(stale.wrapped.version).toBe(1);
    expect(sent().map((request) => request.operation)).toEqual(['GenerateDataKey']);

    // A wrap from the newer version makes rewrap look again instead of moving it down to v1.
    const newer = unwrapOrThrow(await elsewhere.generateDataKey('cards', CONTEXT));
    const rewrapped = unwrapOrThrow(await kms.rewrap(newer.wrapped, CONTEXT));
    expect(rewrapped.version).toBe(2);

    unwrapOrThrow(await elsewhere.rotate('cards'));
    clock.advance(60_001);
    const fresh = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    expect(fresh.wrapped.version).toBe(3);
  });

  it('lists the aliases on every call when the cache is off', async () => {
    const kms = createAwsKms({ client: aws.kmsClient(), versionCacheMs: 0 });
    unwrapOrThrow(await kms.createKey('cards'));
    clearRequests();
    unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    unwrapOrThrow(await kms.wrap('cards', new Uint8Array(32).fill(1), CONTEXT));
    expect(sent().map((request) => request.operation)).toEqual([
      'ListAliases',
      'GenerateDataKey',
      'ListAliases',
      'Encrypt',
    ]);
  });

  it('creates one alias when many callers create the same KEK at once', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    const results = await Promise.all(Array.from({ length: 4 }, () => kms.createKey('race')));
    const descriptions = results.map((result) => unwrapOrThrow(result));
    for (const description of descriptions) expect(description).toEqual(descriptions[0]);
    expect([...aws.kms.aliases.keys()].filter((name) => name.includes('/race/'))).toEqual([
      'alias/strongroom/race/v1',
    ]);
    // The losers' keys stay, unaliased and tagged, for an operator to schedule for deletion.
    const tagged = [...aws.kms.keys.values()].filter((key) =>
      key.tags.some((tag) => tag.TagKey === 'strongroom:kek' && tag.TagValue === 'race'),
    );
    expect(tagged.length).toBe(sent('CreateKey').length);
  });

  it('uses the alias prefix it is given, and refuses a prefix KMS would reject', async () => {
    const kms = createAwsKms({ client: aws.kmsClient(), aliasPrefix: 'alias/payments/kek-' });
    unwrapOrThrow(await kms.createKey('cards'));
    expect(aws.kms.aliases.has('alias/payments/kek-cards/v1')).toBe(true);
    unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    expect(sent('GenerateDataKey')[0]?.body['KeyId']).toBe('alias/payments/kek-cards/v1');

    const client = aws.kmsClient();
    for (const aliasPrefix of [
      'strongroom/',
      'alias/aws/strongroom/',
      'alias/strong room/',
      `alias/${'x'.repeat(200)}/`,
    ]) {
      expect(() => createAwsKms({ client, aliasPrefix }), aliasPrefix).toThrow(AssertionFailure);
    }
    expect(() => createAwsKms({ client, versionCacheMs: -1 })).toThrow(AssertionFailure);
  });

  it('refuses a context the vault would refuse, before calling KMS', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    clearRequests();
    const tooMany = Object.fromEntries(
      Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v']),
    );
    for (const context of [{ Tenant: 'a' }, { tenant: 'x'.repeat(257) }, tooMany]) {
      expect((await kms.generateDataKey('cards', context))._unsafeUnwrapErr()).toMatchObject({
        type: 'kms.invalid_request',
        field: 'context',
      });
    }
    expect(sent()).toEqual([]);
  });

  it('reports a version that is not a positive integer as missing, without asking KMS to decrypt', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    const { wrapped } = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
    clearRequests();
    for (const version of [0, -1, 1.5, Number.NaN, 1025]) {
      const expected = { type: 'kms.key_version_not_found', keyId: 'cards', version };
      expect((await kms.unwrap({ ...wrapped, version }, CONTEXT))._unsafeUnwrapErr()).toMatchObject(
        expected,
      );
      expect((await kms.rewrap({ ...wrapped, version }, CONTEXT))._unsafeUnwrapErr()).toMatchObject(
        expected,
      );
    }
    // Only listings, to tell a missing version from a missing KEK.
    expect(new Set(sent().map((request) => request.operation))).toEqual(new Set(['ListAliases']));
  });

  it('cannot be used after close', async () => {
    const kms = createAwsKms({ client: aws.kmsClient() });
    unwrapOrThrow(await kms.createKey('cards'));
    await kms.close();
    await expect(kms.describe('cards')).rejects.toThrow(AssertionFailure);
    await expect(kms.generateDataKey('cards', CONTEXT)).rejects.toThrow(AssertionFailure);
  });
});
