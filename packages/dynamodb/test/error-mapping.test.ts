import {
  DynamoDBClient,
  GetItemCommand,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createDynamoDbStorage } from '../src/index.js';

const tenantId = unwrapOrThrow(parseTenantId('errors'));
const SECRET = 'pan-4111111111111111';

// The only stub in this package: the SDK boundary, to produce faults DynamoDB Local cannot.
function stubbedStorage(answer: (command: unknown) => unknown) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  client.send = (async (command: unknown) => answer(command)) as typeof client.send;
  return createDynamoDbStorage({
    client,
    tableName: 'stubbed',
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
  });
}

function storageFailingWith(fault: (command: unknown) => unknown) {
  return stubbedStorage((command) => {
    throw fault(command);
  });
}

async function failureOf(fault: (command: unknown) => unknown) {
  let runs = 0;
  const result = await storageFailingWith(fault).transaction(tenantId, async (tx) => {
    runs += 1;
    await tx.records.get('accounts', 'a1');
    return ok(null);
  });
  return { error: result._unsafeUnwrapErr(), runs };
}

const metadata = { httpStatusCode: 400, requestId: 'r', attempts: 3, totalRetryDelay: 0 };

describe('AWS error mapping', () => {
  it('reports throttling as a retryable infrastructure fault, without rerunning the function', async () => {
    const { error, runs } = await failureOf(
      (command) =>
        new ThrottlingException({
          $metadata: metadata,
          message: `Rate exceeded for ${command instanceof GetItemCommand ? 'GetItem' : '?'} ${SECRET}`,
        }),
    );
    expect(error).toEqual({
      type: 'infrastructure',
      retryable: true,
      operation: 'dynamodb.get_item',
      message: 'DynamoDB failed or throttled the request',
      code: 'ThrottlingException',
    });
    expect(runs).toBe(1);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('reports a validation error as not retryable, never echoing its message', async () => {
    const validation = Object.assign(
      new Error(`One or more parameter values were invalid: ${SECRET}`),
      {
        name: 'ValidationException',
        $fault: 'client',
        $metadata: metadata,
      },
    );
    const { error } = await failureOf(() => validation);
    expect(error).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      code: 'ValidationException',
    });
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('reports a server error and a lost connection as retryable', async () => {
    const server = Object.assign(new Error('boom'), {
      name: 'InternalServerError',
      $fault: 'server',
      $metadata: { ...metadata, httpStatusCode: 500 },
    });
    expect((await failureOf(() => server)).error).toMatchObject({ retryable: true });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect((await failureOf(() => reset)).error).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      message: 'DynamoDB did not answer',
      code: 'ECONNRESET',
    });
  });

  it('maps cancellation reasons: conflicts are retried, throttling is a retryable fault', async () => {
    const cancelled = (codes: string[]) =>
      new TransactionCanceledException({
        $metadata: metadata,
        message: 'Transaction cancelled',
        CancellationReasons: codes.map((Code) => ({ Code })),
      });
    let runs = 0;
    // Reads find nothing; the validation of the two reads is cancelled, twice by a conflict and
    // then by throttling.
    const storage = stubbedStorage((command) => {
      if (command instanceof GetItemCommand) return { $metadata: metadata };
      throw cancelled(runs < 3 ? ['ConditionalCheckFailed', 'None'] : ['None', 'ThrottlingError']);
    });
    const result = await storage.transaction(tenantId, async (tx) => {
      runs += 1;
      await tx.records.get('accounts', 'a1');
      await tx.records.get('accounts', 'a2');
      return ok(null);
    });
    // Two conflicts were retried; the third attempt was throttled, which ends the transaction.
    expect(runs).toBe(3);
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'dynamodb.transact_write_items',
    });
  });

  it('rethrows an error that did not come from DynamoDB or the network', async () => {
    const bug = new TypeError('not a DynamoDB fault');
    const run = storageFailingWith(() => bug).transaction(tenantId, async (tx) => {
      await tx.records.get('accounts', 'a1');
      return ok(null);
    });
    await expect(run).rejects.toBe(bug);
  });
});
