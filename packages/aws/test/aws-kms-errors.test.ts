import { unwrapOrThrow } from '@strongroom/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsKms } from '../src/index.js';
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

async function kmsWithKek(options: { maxAttempts?: number } = {}) {
  const kms = createAwsKms({ client: aws.kmsClient(options) });
  unwrapOrThrow(await kms.createKey('cards'));
  const generated = unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT));
  return { kms, ...generated };
}

/** AWS names aliases and key ARNs in its messages; none of that may reach our errors. */
function expectNoRequestDetails(error: unknown): void {
  const text = JSON.stringify(error);
  for (const fragment of ['alias/', 'arn:', 'strongroom/cards', 'Rate exceeded', '111122223333']) {
    expect(text).not.toContain(fragment);
  }
}

describe('AWS KMS error mapping', () => {
  it('reports throttling as a retryable infrastructure error named by its AWS error', async () => {
    const { kms, wrapped } = await kmsWithKek();
    aws.server.failNext('TrentService.GenerateDataKey', 'ThrottlingException');
    const throttled = (await kms.generateDataKey('cards', CONTEXT))._unsafeUnwrapErr();
    expect(throttled).toEqual({
      type: 'infrastructure',
      retryable: true,
      operation: 'aws_kms.generate_data_key',
      message: 'KMS failed or throttled the request',
      code: 'ThrottlingException',
    });
    expectNoRequestDetails(throttled);

    aws.server.failNext('TrentService.Decrypt', 'KMSInternalException', { status: 500 });
    expect((await kms.unwrap(wrapped, CONTEXT))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'aws_kms.unwrap',
      code: 'KMSInternalException',
    });

    aws.server.failNext('TrentService.ReEncrypt', 'DependencyTimeoutException', { status: 503 });
    expect((await kms.rewrap(wrapped, CONTEXT))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      code: 'DependencyTimeoutException',
    });

    aws.server.failNext('TrentService.ListAliases', 'ThrottlingException');
    expect((await kms.describe('cards'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'aws_kms.describe',
      code: 'ThrottlingException',
    });
  });

  it('leaves a single throttle to the SDK’s own retries when the client allows them', async () => {
    const { kms } = await kmsWithKek({ maxAttempts: 3 });
    const before = aws.server.requests.length;
    aws.server.failNext('TrentService.GenerateDataKey', 'ThrottlingException');
    expect((await kms.generateDataKey('cards', CONTEXT)).isOk()).toBe(true);
    // The throttled attempt and the SDK's retry.
    expect(aws.server.requests.slice(before).map((request) => request.operation)).toEqual([
      'GenerateDataKey',
      'GenerateDataKey',
    ]);
  });

  it('reports refusals (access denied, a disabled key) as infrastructure errors that are not retryable', async () => {
    const { kms, wrapped } = await kmsWithKek();
    aws.server.failNext('TrentService.Encrypt', 'AccessDeniedException');
    const denied = (
      await kms.wrap('cards', new Uint8Array(32).fill(9), CONTEXT)
    )._unsafeUnwrapErr();
    expect(denied).toEqual({
      type: 'infrastructure',
      retryable: false,
      operation: 'aws_kms.wrap',
      message: 'KMS refused the request',
      code: 'AccessDeniedException',
    });

    aws.kms.disable('alias/strongroom/cards/v1');
    const disabled = (await kms.unwrap(wrapped, CONTEXT))._unsafeUnwrapErr();
    expect(disabled).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      code: 'DisabledException',
    });
    expectNoRequestDetails(disabled);
  });

  it('reports a connection KMS never answered as retryable, with the system error code', async () => {
    const { kms, wrapped } = await kmsWithKek();
    aws.server.dropNext('TrentService.Decrypt');
    const dropped = (await kms.unwrap(wrapped, CONTEXT))._unsafeUnwrapErr();
    expect(dropped).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'aws_kms.unwrap',
    });
    expect(dropped.type === 'infrastructure' && dropped.code).toMatch(/^E[A-Z]+$/);

    const client = aws.kmsClient();
    await aws.server.close();
    const refused = (await createAwsKms({ client }).describe('cards'))._unsafeUnwrapErr();
    expect(refused).toEqual({
      type: 'infrastructure',
      retryable: true,
      operation: 'aws_kms.describe',
      message: 'KMS did not answer',
      code: 'ECONNREFUSED',
    });
    // Restart so afterEach can close something.
    aws = await startFakeAws();
  });

  it('maps NotFoundException to a missing KEK or a missing version, whichever it is', async () => {
    const { kms, wrapped } = await kmsWithKek();
    const missingKek = (
      await kms.unwrap({ ...wrapped, keyId: 'ledger' }, CONTEXT)
    )._unsafeUnwrapErr();
    expect(missingKek).toEqual({ type: 'kms.key_not_found', keyId: 'ledger' });
    const missingVersion = (
      await kms.unwrap({ ...wrapped, version: 4 }, CONTEXT)
    )._unsafeUnwrapErr();
    expect(missingVersion).toEqual({
      type: 'kms.key_version_not_found',
      keyId: 'cards',
      version: 4,
    });
    expect((await kms.rewrap({ ...wrapped, version: 4 }, CONTEXT))._unsafeUnwrapErr()).toEqual(
      missingVersion,
    );
    // Both came from a Decrypt / ReEncrypt that KMS answered with NotFoundException.
    const decrypts = aws.server.requests.filter((request) => request.operation === 'Decrypt');
    expect(decrypts.map((request) => request.body['KeyId'])).toEqual([
      'alias/strongroom/ledger/v1',
      'alias/strongroom/cards/v4',
    ]);
  });

  it('reports a current version alias removed behind the cache as missing, then uses the listed one', async () => {
    const { kms } = await kmsWithKek();
    unwrapOrThrow(await kms.rotate('cards'));
    // An operator deletes the newest alias; the cache still says version 2 is current.
    aws.kms.aliases.delete('alias/strongroom/cards/v2');
    expect((await kms.generateDataKey('cards', CONTEXT))._unsafeUnwrapErr()).toEqual({
      type: 'kms.key_version_not_found',
      keyId: 'cards',
      version: 2,
    });
    // The failure refreshed the cache: the next call wraps under what KMS lists.
    expect(unwrapOrThrow(await kms.generateDataKey('cards', CONTEXT)).wrapped.version).toBe(1);
    aws.kms.aliases.delete('alias/strongroom/cards/v1');
    expect((await kms.generateDataKey('cards', CONTEXT))._unsafeUnwrapErr()).toEqual({
      type: 'kms.key_not_found',
      keyId: 'cards',
    });
  });

  it('maps InvalidCiphertextException and IncorrectKeyException to kms.unwrap_failed', async () => {
    const { kms, wrapped } = await kmsWithKek();
    const tampered = Uint8Array.from(wrapped.ciphertext);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    const invalid = (
      await kms.unwrap({ ...wrapped, ciphertext: tampered }, CONTEXT)
    )._unsafeUnwrapErr();
    expect(invalid).toEqual({ type: 'kms.unwrap_failed', keyId: 'cards', version: 1 });

    unwrapOrThrow(await kms.createKey('ledger'));
    const incorrect = (
      await kms.unwrap({ ...wrapped, keyId: 'ledger' }, CONTEXT)
    )._unsafeUnwrapErr();
    expect(incorrect).toEqual({ type: 'kms.unwrap_failed', keyId: 'ledger', version: 1 });

    const otherContext = (
      await kms.rewrap(wrapped, { ...CONTEXT, tenant: 'tenant-b' })
    )._unsafeUnwrapErr();
    expect(otherContext).toEqual({ type: 'kms.unwrap_failed', keyId: 'cards', version: 1 });

    // KMS answered each of these itself: the adapter did not guess.
    const answered = aws.server.requests.filter((request) =>
      ['Decrypt', 'ReEncrypt'].includes(request.operation),
    );
    expect(answered).toHaveLength(3);
  });

  it('refuses an empty or oversized ciphertext without sending it', async () => {
    const { kms, wrapped } = await kmsWithKek();
    const before = aws.server.requests.length;
    for (const ciphertext of [new Uint8Array(0), new Uint8Array(6145)]) {
      expect((await kms.unwrap({ ...wrapped, ciphertext }, CONTEXT))._unsafeUnwrapErr()).toEqual({
        type: 'kms.unwrap_failed',
        keyId: 'cards',
        version: 1,
      });
    }
    expect(aws.server.requests.length).toBe(before);
  });

  it('rethrows what is not an AWS or network fault: a bug is not an operating error', async () => {
    const client = aws.kmsClient();
    client.send = (async () => {
      throw new TypeError('a bug in the middleware stack');
    }) as typeof client.send;
    await expect(createAwsKms({ client }).describe('cards')).rejects.toThrow(TypeError);
  });
});
