import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILE, HANDLER_ENTRY } from '../scripts/bundle-handler.js';
import { REQUIRED_KEK_IDS, readLambdaConfig } from '../src/lambda-config.js';
import {
  type CloudFormationTemplate,
  parseCloudFormation,
  resolveWithDefaults,
} from './support/cloudformation-template.js';

// Checked here without a network or an AWS account: the template's shape, and that it fits the
// code (handlers, environment, KEK aliases, permissions). cfn-lint 1.51 also accepts it.
const template: CloudFormationTemplate = parseCloudFormation(
  await readFile(new URL('../template.yaml', import.meta.url), 'utf8'),
);
const { Resources: resources } = template;

interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
}

function statementsOf(document: unknown): Statement[] {
  return (document as { Statement: Statement[] }).Statement;
}

function actionsOf(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement) => [statement.Action].flat());
}

describe('template.yaml', () => {
  it('is a SAM template with the resources a deployment needs', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    const types = Object.fromEntries(
      Object.entries(resources).map(([name, resource]) => [name, resource.Type]),
    );
    expect(types).toEqual({
      Table: 'AWS::DynamoDB::Table',
      CardsKekV1: 'AWS::KMS::Key',
      CardsKekV1Alias: 'AWS::KMS::Alias',
      FieldsKekV1: 'AWS::KMS::Key',
      FieldsKekV1Alias: 'AWS::KMS::Alias',
      TokensKekV1: 'AWS::KMS::Key',
      TokensKekV1Alias: 'AWS::KMS::Alias',
      EventBus: 'AWS::Events::EventBus',
      StrongroomDataAccess: 'AWS::IAM::ManagedPolicy',
      ApiFunctionRole: 'AWS::IAM::Role',
      WorkerFunctionRole: 'AWS::IAM::Role',
      HttpApi: 'AWS::Serverless::HttpApi',
      ApiFunction: 'AWS::Serverless::Function',
      WorkerFunction: 'AWS::Serverless::Function',
      ApiLogGroup: 'AWS::Logs::LogGroup',
      WorkerLogGroup: 'AWS::Logs::LogGroup',
    });
  });

  it('declares the single table @strongroom/dynamodb documents, with point-in-time recovery', () => {
    const table = resources['Table'];
    expect(table?.['DeletionPolicy']).toBe('Retain');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table?.Properties['GlobalSecondaryIndexes']).toBeUndefined();
  });

  it('routes the HTTP API (payload format 2.0) to handler and a schedule to worker, both real exports', async () => {
    const api = resources['ApiFunction']?.Properties;
    const worker = resources['WorkerFunction']?.Properties;
    expect(api?.['Events']).toEqual({
      Api: {
        Type: 'HttpApi',
        Properties: { ApiId: { Ref: 'HttpApi' }, PayloadFormatVersion: '2.0' },
      },
    });
    expect(worker?.['Events']).toMatchObject({
      Schedule: { Type: 'Schedule', Properties: { Schedule: 'rate(1 minute)' } },
    });
    expect(template.Globals.Function).toMatchObject({ Runtime: 'nodejs24.x', CodeUri: 'dist/' });
    // `handler.handler` is the export `handler` of dist/handler.mjs, the bundle of src/handler.ts.
    const module = (await import(HANDLER_ENTRY)) as Record<string, unknown>;
    for (const [properties, exported] of [
      [api, 'handler'],
      [worker, 'worker'],
    ] as const) {
      const [file, name] = String(properties?.['Handler']).split('.');
      expect(`${file}.mjs`).toBe(BUNDLE_FILE);
      expect(basename(HANDLER_ENTRY)).toBe(`${file}.ts`);
      expect(name).toBe(exported);
      expect(typeof module[exported]).toBe('function');
    }
  });

  it('sets every variable the configuration requires: AWS KMS, Secrets Manager, EventBridge', () => {
    const variables = resolveWithDefaults(
      template,
      (template.Globals.Function['Environment'] as { Variables: unknown }).Variables,
    ) as Record<string, string | undefined>;
    // AWS_REGION is set by the Lambda runtime itself (a reserved variable).
    const config = readLambdaConfig({ ...variables, AWS_REGION: 'us-east-1' });
    expect(config.kms).toEqual({
      kind: 'aws',
      keyIds: [...REQUIRED_KEK_IDS],
      aliasPrefix: 'alias/strongroom/',
    });
    expect(config.secrets).toEqual({ kind: 'secrets-manager', prefix: 'strongroom/' });
    expect(config.events).toEqual({
      kind: 'eventbridge',
      eventBusName: 'strongroom-eventbus',
      source: 'com.example.strongroom',
    });
    expect(config.dynamoDb).toEqual({ tableName: 'strongroom-table' });
    // No Redis unless RedisUrl is given: the variable is left out, not set empty.
    expect(variables).not.toHaveProperty('REDIS_URL');
    expect(config.redis).toBeUndefined();
  });

  it('creates version 1 of every KEK behind the alias the AWS KMS adapter looks for', () => {
    const prefix = resolveWithDefaults(
      template,
      (template.Globals.Function['Environment'] as { Variables: Record<string, unknown> })
        .Variables['STRONGROOM_KMS_ALIAS_PREFIX'],
    );
    const aliases = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::KMS::Alias')
      .map((resource) => resolveWithDefaults(template, resource.Properties['AliasName']));
    expect(aliases).toEqual(REQUIRED_KEK_IDS.map((keyId) => `${prefix}${keyId}/v1`));
    for (const keyId of REQUIRED_KEK_IDS) {
      const key = Object.values(resources).find(
        (resource) =>
          resource.Type === 'AWS::KMS::Key' &&
          (resource.Properties['Tags'] as { Key: string; Value: string }[]).some(
            (tag) => tag.Key === 'strongroom:kek' && tag.Value === keyId,
          ),
      );
      expect(key?.Properties).toMatchObject({
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
      });
      expect(key?.['DeletionPolicy']).toBe('Retain');
    }
  });

  it('grants least privilege: item, data-key and secret reads only; events to the worker alone', () => {
    const data = statementsOf(resources['StrongroomDataAccess']?.Properties['PolicyDocument']);
    expect(actionsOf(data).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:ListAliases',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'secretsmanager:GetSecretValue',
    ]);
    // Only the alias listing (which IAM cannot scope) is granted on every resource.
    for (const statement of data) {
      expect(statement.Effect).toBe('Allow');
      if (statement.Resource === '*') expect(statement.Action).toBe('kms:ListAliases');
    }
    const inline = (role: string) =>
      ((resources[role]?.Properties['Policies'] ?? []) as { PolicyDocument: unknown }[]).flatMap(
        (policy) => statementsOf(policy.PolicyDocument),
      );
    expect(inline('ApiFunctionRole')).toEqual([]);
    expect(inline('WorkerFunctionRole')).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': ['EventBus', 'Arn'] },
      },
    ]);
    for (const role of ['ApiFunctionRole', 'WorkerFunctionRole']) {
      expect(resources[role]?.Properties['ManagedPolicyArns']).toContainEqual({
        Ref: 'StrongroomDataAccess',
      });
    }
  });
});
