import {
  CreateTableCommand,
  DescribeTableCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  assert,
  err,
  type InfrastructureError,
  infrastructureError,
  ok,
  ResultAsync,
} from '@strongroom/kernel';
import { StorageFailure } from '@strongroom/kernel/adapter';
import { toStorageFailure } from './aws-failure.js';
import { type DynamoDbTable, isValidTableName } from './dynamodb-table.js';
import { ATTRIBUTE } from './table-layout.js';

/** Options for {@link ensureTable}. */
export interface EnsureTableOptions extends DynamoDbTable {
  /** How long to wait for a new table to become ACTIVE; AWS usually needs seconds. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const POLL_DELAY_MIN_MS = 25;
const POLL_DELAY_MAX_MS = 2_000;

/**
 * Creates the storage table if it does not exist (on-demand capacity, `pk`/`sk` string keys, no
 * indexes; the layout is in the package README) and waits until it is ACTIVE. Safe to run on
 * every start and from several processes at once: an existing table is accepted when its key
 * schema is the adapter's, and losing a creation race to another process is not an error.
 */
export function ensureTable(options: EnsureTableOptions): ResultAsync<void, InfrastructureError> {
  assert(isValidTableName(options.tableName), 'table names are 3-255 of [A-Za-z0-9_.-]');
  return new ResultAsync(
    run(options).then(
      () => ok(undefined),
      (thrown: unknown) => {
        if (thrown instanceof StorageFailure && thrown.error.type === 'infrastructure') {
          return err(thrown.error);
        }
        throw thrown;
      },
    ),
  );
}

async function run(options: EnsureTableOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if ((await describe(options)) === undefined) await create(options);
  for (let poll = 0; ; poll += 1) {
    const table = await describe(options);
    if (table !== undefined) assertKeySchema(table);
    if (table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) {
      throw failure('dynamodb.describe_table', true, 'the table did not become ACTIVE in time');
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(POLL_DELAY_MAX_MS, POLL_DELAY_MIN_MS * 2 ** poll)),
    );
  }
}

async function describe(options: EnsureTableOptions): Promise<TableDescription | undefined> {
  try {
    const output = await options.client.send(
      new DescribeTableCommand({ TableName: options.tableName }),
    );
    return output.Table;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw toStorageFailure('dynamodb.describe_table', error) ?? error;
  }
}

async function create(options: EnsureTableOptions): Promise<void> {
  try {
    await options.client.send(
      new CreateTableCommand({
        TableName: options.tableName,
        AttributeDefinitions: [
          { AttributeName: ATTRIBUTE.partitionKey, AttributeType: 'S' },
          { AttributeName: ATTRIBUTE.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: ATTRIBUTE.partitionKey, KeyType: 'HASH' },
          { AttributeName: ATTRIBUTE.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    // Another process created it between our describe and create; wait for it like our own.
    if (error instanceof Error && error.name === 'ResourceInUseException') return;
    throw toStorageFailure('dynamodb.create_table', error) ?? error;
  }
}

// A table of the same name built for something else must not be written into.
function assertKeySchema(table: TableDescription): void {
  const keys = table.KeySchema ?? [];
  const types = new Map(
    (table.AttributeDefinitions ?? []).map((definition) => [
      definition.AttributeName,
      definition.AttributeType,
    ]),
  );
  const matches =
    keys.length === 2 &&
    keys.some((key) => key.AttributeName === ATTRIBUTE.partitionKey && key.KeyType === 'HASH') &&
    keys.some((key) => key.AttributeName === ATTRIBUTE.sortKey && key.KeyType === 'RANGE') &&
    types.get(ATTRIBUTE.partitionKey) === 'S' &&
    types.get(ATTRIBUTE.sortKey) === 'S';
  if (!matches) {
    throw failure('dynamodb.describe_table', false, 'the table exists with another key schema');
  }
}

function failure(operation: string, retryable: boolean, message: string): StorageFailure {
  return new StorageFailure(infrastructureError({ retryable, operation, message }));
}
