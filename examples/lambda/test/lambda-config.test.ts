import { describe, expect, it } from 'vitest';
import { generatedSecretsEnvironment } from '../src/generated-secrets.js';
import { LambdaConfigError, readLambdaConfig } from '../src/lambda-config.js';

const LOCAL = {
  AWS_REGION: 'us-east-1',
  DYNAMODB_TABLE: 'strongroom-local',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
};

function problemsOf(environment: Record<string, string | undefined>): readonly string[] {
  try {
    readLambdaConfig(environment);
  } catch (error) {
    if (error instanceof LambdaConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('readLambdaConfig', () => {
  it('reads a local run: software KMS, environment secrets, in-process events, defaults', () => {
    const environment = { ...LOCAL, ...generatedSecretsEnvironment() };
    const config = readLambdaConfig(environment);
    expect(config).toMatchObject({
      region: 'us-east-1',
      dynamoDb: { tableName: 'strongroom-local', endpoint: 'http://127.0.0.1:8000' },
      kms: { kind: 'software' },
      secrets: { kind: 'environment', variables: environment },
      auditSeedSecret: 'audit-seed',
      events: { kind: 'in-process' },
      tenantId: 'demo',
      workerTenants: ['demo'],
      defaultRoles: ['viewer'],
      currencies: ['USD', 'EUR', 'GBP'],
    });
    expect(config.redis).toBeUndefined();
    if (config.kms.kind !== 'software') throw new Error('the software KMS was chosen');
    expect([...config.kms.keyring.keys.keys()]).toEqual(['cards', 'fields', 'tokens']);
  });

  it('reads a deployment: AWS KMS, Secrets Manager, EventBridge, Redis, worker tenants', () => {
    const config = readLambdaConfig({
      AWS_REGION: 'eu-west-1',
      DYNAMODB_TABLE: 'strongroom',
      REDIS_URL: 'rediss://cache.example.com:6379',
      REDIS_KEY_PREFIX: 'sr:',
      STRONGROOM_KMS_KEY_IDS: 'cards, fields, tokens',
      STRONGROOM_KMS_ALIAS_PREFIX: 'alias/payments/',
      STRONGROOM_SECRETS_MANAGER_PREFIX: 'payments/',
      EVENT_BUS_NAME: 'payments-events',
      EVENT_SOURCE: 'com.example.payments',
      STRONGROOM_TENANT: 'acme',
      STRONGROOM_WORKER_TENANTS: 'acme,globex',
      STRONGROOM_CURRENCIES: 'USD, JPY',
      // Blank, as SAM writes a parameter left empty: the same as unset.
      DYNAMODB_ENDPOINT: '',
    });
    expect(config).toMatchObject({
      dynamoDb: { tableName: 'strongroom' },
      redis: { url: 'rediss://cache.example.com:6379', keyPrefix: 'sr:' },
      kms: { kind: 'aws', keyIds: ['cards', 'fields', 'tokens'], aliasPrefix: 'alias/payments/' },
      secrets: { kind: 'secrets-manager', prefix: 'payments/' },
      events: {
        kind: 'eventbridge',
        eventBusName: 'payments-events',
        source: 'com.example.payments',
      },
      tenantId: 'acme',
      workerTenants: ['acme', 'globex'],
      currencies: ['USD', 'JPY'],
    });
    expect(config.dynamoDb).not.toHaveProperty('endpoint');
  });

  it('names every missing variable at once', () => {
    expect(problemsOf({})).toEqual([
      'AWS_REGION: is required (an AWS Region such as us-east-1)',
      'DYNAMODB_TABLE: is required (a table name of 3-255 [A-Za-z0-9_.-])',
      'STRONGROOM_KMS_KEYRING: is required when STRONGROOM_KMS_KEY_IDS is not set (AWS KMS)',
    ]);
    expect(problemsOf(LOCAL)).toEqual([
      'STRONGROOM_KMS_KEYRING: is required when STRONGROOM_KMS_KEY_IDS is not set (AWS KMS)',
    ]);
    expect(problemsOf({ ...LOCAL, STRONGROOM_KMS_KEY_IDS: 'cards' })).toEqual([
      'STRONGROOM_KMS_KEY_IDS: does not list fields, tokens',
    ]);
    expect(
      problemsOf({
        ...LOCAL,
        ...generatedSecretsEnvironment(),
        STRONGROOM_CURRENCIES: 'USD,DOLLARS',
        STRONGROOM_WORKER_TENANTS: 'Not A Tenant',
      }),
    ).toEqual([
      'STRONGROOM_WORKER_TENANTS: lists tenant ids ([a-z0-9_-])',
      'STRONGROOM_CURRENCIES: lists 1 to 32 ISO 4217 codes',
    ]);
  });

  it('never repeats a value in its errors, however malformed', () => {
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbC1uZXZlci1zaG93bg==';
    const problems = problemsOf({
      ...LOCAL,
      DYNAMODB_TABLE: `x ${secret}`,
      REDIS_URL: `redis://user:${secret}@cache example`,
      STRONGROOM_KMS_KEYRING: `{"format":"strongroom-keyring/1","keys":{"cards":[{"version":1,"createdAt":"2026-01-01T00:00:00Z","material":"${secret}"}]}}`,
    });
    expect(problems).toEqual([
      'DYNAMODB_TABLE: is a table name of 3-255 [A-Za-z0-9_.-]',
      'REDIS_URL: is a redis:// or rediss:// URL',
      'STRONGROOM_KMS_KEYRING: is not a keyring (keys.cards[0].material: not_32_bytes)',
    ]);
    const keyring = problemsOf({ ...LOCAL, STRONGROOM_KMS_KEYRING: `{"keys": "${secret}"` });
    expect(keyring).toEqual(['STRONGROOM_KMS_KEYRING: is not a keyring ($: not_json)']);
    const material = problemsOf({
      ...LOCAL,
      STRONGROOM_KMS_KEYRING: `{"format":"strongroom-keyring/1","keys":{"cards":[{"version":1,"createdAt":"2026-01-01T00:00:00Z","material":"${secret}"}]}}`,
    });
    expect(material).toEqual([
      'STRONGROOM_KMS_KEYRING: is not a keyring (keys.cards[0].material: not_32_bytes)',
    ]);
    for (const problem of [...problems, ...keyring, ...material])
      expect(problem).not.toContain(secret);
  });
});
