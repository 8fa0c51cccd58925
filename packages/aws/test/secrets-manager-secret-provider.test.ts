import { AssertionFailure, unwrapOrThrow } from '@strongroom/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretsManagerSecretProvider } from '../src/index.js';
import { type FakeAws, startFakeAws } from './fake-aws/start-fake-aws.js';

let aws: FakeAws;
beforeEach(async () => {
  aws = await startFakeAws();
});
afterEach(async () => {
  expect(aws.server.violations).toEqual([]);
  await aws.close();
});

function secretBytes(fill: number): Uint8Array {
  return new Uint8Array(32).fill(fill);
}

/** The vault's versioned secret format, as an operator would store it. */
function versionedText(versions: readonly (readonly [number, Uint8Array])[]): string {
  return JSON.stringify({
    versions: versions.map(([version, value]) => ({
      version,
      value: Buffer.from(value).toString('base64'),
    })),
  });
}

function provider(prefix?: string) {
  return createSecretsManagerSecretProvider({
    client: aws.secretsManagerClient(),
    ...(prefix === undefined ? {} : { prefix }),
  });
}

describe('Secrets Manager secret provider', () => {
  it('reads strongroom/<name> with GetSecretValue and returns its versions newest first', async () => {
    aws.secretsManager.putSecretString(
      'strongroom/jwt-signing',
      versionedText([
        [1, secretBytes(1)],
        [3, secretBytes(3)],
        [2, secretBytes(2)],
      ]),
    );
    const secret = unwrapOrThrow(await provider().get('jwt-signing'));
    expect(secret.name).toBe('jwt-signing');
    expect(secret.current).toEqual({ version: 3, value: secretBytes(3) });
    expect(secret.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(secret.versions[2]?.value).toEqual(secretBytes(1));
    expect(aws.server.requests.map((request) => [request.operation, request.body])).toEqual([
      ['GetSecretValue', { SecretId: 'strongroom/jwt-signing' }],
    ]);
  });

  it('returns the rotated secret: a new version added, then the oldest dropped', async () => {
    const secrets = provider();
    aws.secretsManager.putSecretString(
      'strongroom/card-fingerprint',
      versionedText([[1, secretBytes(1)]]),
    );
    expect(unwrapOrThrow(await secrets.get('card-fingerprint')).current.version).toBe(1);

    // Rotation step 1: the new version becomes current, the old one still verifies.
    aws.secretsManager.putSecretString(
      'strongroom/card-fingerprint',
      versionedText([
        [2, secretBytes(2)],
        [1, secretBytes(1)],
      ]),
    );
    const rotated = unwrapOrThrow(await secrets.get('card-fingerprint'));
    expect(rotated.current).toEqual({ version: 2, value: secretBytes(2) });
    expect(rotated.versions).toEqual([
      { version: 2, value: secretBytes(2) },
      { version: 1, value: secretBytes(1) },
    ]);

    // Rotation step 2: once nothing needs version 1, it goes.
    aws.secretsManager.putSecretString(
      'strongroom/card-fingerprint',
      versionedText([[2, secretBytes(2)]]),
    );
    expect(unwrapOrThrow(await secrets.get('card-fingerprint')).versions).toEqual([
      { version: 2, value: secretBytes(2) },
    ]);
  });

  it('uses the prefix it is given, and refuses one Secrets Manager would reject', async () => {
    aws.secretsManager.putSecretString(
      'prod/payments/jwt-signing',
      versionedText([[1, secretBytes(1)]]),
    );
    expect((await provider('prod/payments/').get('jwt-signing')).isOk()).toBe(true);
    expect(() => provider('prod payments/')).toThrow(AssertionFailure);
    expect(() => provider('x'.repeat(257))).toThrow(AssertionFailure);
  });

  it('reports a missing secret as secrets.not_found', async () => {
    const error = (await provider().get('jwt-signing'))._unsafeUnwrapErr();
    expect(error).toEqual({ type: 'secrets.not_found', name: 'jwt-signing' });
  });

  it('refuses a bad name without calling AWS and without echoing it', async () => {
    for (const name of ['JWT', '../jwt', 'jwt/signing', '', 'a'.repeat(65), 'sk_live_abc']) {
      const error = (await provider().get(name))._unsafeUnwrapErr();
      expect(error, name).toEqual({ type: 'secrets.malformed', name: '', reason: 'bad_name' });
    }
    expect(aws.server.requests).toEqual([]);
  });

  it('reports a stored value outside the versioned format as secrets.malformed, never echoing it', async () => {
    const leaked = 'do-not-echo-this-secret-value';
    const cases: [string, string][] = [
      [`not json ${leaked}`, 'not_json'],
      [JSON.stringify({ value: leaked }), 'not_a_versioned_secret'],
      [JSON.stringify({ versions: [] }), 'no_versions'],
      [JSON.stringify({ versions: [{ version: 0, value: leaked }] }), 'bad_version'],
      [JSON.stringify({ versions: [{ version: 1, value: leaked }] }), 'value_not_base64'],
      [versionedText([[1, new Uint8Array(8).fill(1)]]), 'value_too_short'],
      [versionedText([[1, new Uint8Array(4097).fill(1)]]), 'value_too_long'],
      [
        versionedText([
          [1, secretBytes(1)],
          [1, secretBytes(2)],
        ]),
        'duplicate_version',
      ],
      [
        versionedText(
          Array.from({ length: 17 }, (_, index) => [index + 1, secretBytes(index)] as const),
        ),
        'too_many_versions',
      ],
    ];
    for (const [text, reason] of cases) {
      aws.secretsManager.putSecretString('strongroom/jwt-signing', text);
      const error = (await provider().get('jwt-signing'))._unsafeUnwrapErr();
      expect(error, reason).toEqual({ type: 'secrets.malformed', name: 'jwt-signing', reason });
      expect(JSON.stringify(error)).not.toContain(leaked);
    }
    aws.secretsManager.putSecretBinary('strongroom/binary', Buffer.from(secretBytes(4)));
    expect((await provider().get('binary'))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.malformed',
      name: 'binary',
      reason: 'not_text',
    });
  });

  it('reports throttling, refusals and silence as infrastructure errors', async () => {
    aws.secretsManager.putSecretString(
      'strongroom/jwt-signing',
      versionedText([[1, secretBytes(1)]]),
    );
    aws.server.failNext('secretsmanager.GetSecretValue', 'ThrottlingException');
    const throttled = (await provider().get('jwt-signing'))._unsafeUnwrapErr();
    expect(throttled).toEqual({
      type: 'infrastructure',
      retryable: true,
      operation: 'aws_secrets_manager.get_secret_value',
      message: 'Secrets Manager failed or throttled the request',
      code: 'ThrottlingException',
    });

    aws.server.failNext('secretsmanager.GetSecretValue', 'InternalServiceError', { status: 500 });
    expect((await provider().get('jwt-signing'))._unsafeUnwrapErr()).toMatchObject({
      retryable: true,
      code: 'InternalServiceError',
    });

    // Deleted with a recovery window: Secrets Manager refuses with InvalidRequestException.
    aws.secretsManager.markDeleted('strongroom/jwt-signing');
    const deleted = (await provider().get('jwt-signing'))._unsafeUnwrapErr();
    expect(deleted).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      code: 'InvalidRequestException',
    });
    expect(JSON.stringify(deleted)).not.toContain('marked for deletion');

    aws.server.dropNext('secretsmanager.GetSecretValue');
    expect((await provider().get('jwt-signing'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      message: 'Secrets Manager did not answer',
    });
  });
});
