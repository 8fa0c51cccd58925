import { type TransactWriteItem, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { AssertionFailure, assert } from '@strongroom/kernel';
import { StorageFailure } from '@strongroom/kernel/adapter';
import { sendToDynamoDb, toStorageFailure } from './aws-failure.js';
import { TRANSACT_ITEMS_MAX } from './dynamodb-limits.js';
import { eventItem, keyAttributes, type ReadRecordState, recordItem } from './item-codec.js';
import { ATTRIBUTE, type ItemKey, itemKeyString } from './table-layout.js';
import type { UnitOfWork } from './unit-of-work.js';

const OPERATION = 'dynamodb.transact_write_items';

/**
 * Commits an attempt whose function returned `ok`: ONE `TransactWriteItems` holding every
 * buffered write, each conditional on the state the attempt read, plus a `ConditionCheck` for
 * every record read but not written. If any condition fails, nothing is written and the attempt
 * ends in a conflict, which `createStorage` retries. The attempt's revision is the idempotency
 * token, so the SDK's own retry of a commit that did land is answered as a success, not as a
 * failed condition that would make the function run twice.
 */
export async function commitUnitOfWork(unit: UnitOfWork): Promise<void> {
  const writes = unit.pendingWrites();
  if (writes.length === 0) return validateReads(unit);
  const { tableName } = unit.table;
  const actions: TransactWriteItem[] = [];
  const appendIndexes = new Set<number>();
  const written = new Set<string>();
  for (const write of writes) {
    written.add(itemKeyString(write.key));
    if (write.kind === 'append') {
      appendIndexes.add(actions.length);
      const Item = eventItem(write.key, write.json);
      actions.push({ Put: { TableName: tableName, Item, ...conditionOn({ exists: false }) } });
      continue;
    }
    if (write.kind === 'remove') {
      actions.push({ Delete: { TableName: tableName, Key: keyAttributes(write.key) } });
      continue;
    }
    const read = unit.readOf(write.key);
    assert(read !== undefined, 'every record written was read first');
    if (write.kind === 'put') {
      const Item = recordItem(write.key, write.json, write.version, unit.revision);
      actions.push({ Put: { TableName: tableName, Item, ...conditionOn(read) } });
    } else if (read.exists) {
      const Key = keyAttributes(write.key);
      actions.push({ Delete: { TableName: tableName, Key, ...conditionOn(read) } });
    } else {
      // Inserted and deleted again within the attempt: nothing to write, but the read still counts.
      actions.push(conditionCheck(tableName, write.key, read));
    }
  }
  for (const entry of unit.readEntries()) {
    if (!written.has(itemKeyString(entry.key))) {
      actions.push(conditionCheck(tableName, entry.key, entry.state));
    }
  }
  // Records only read take places in the same call, so they share the write limit.
  const maximum = unit.limits.writesPerTransaction;
  if (actions.length > maximum) {
    throw new StorageFailure({
      type: 'storage.limit_exceeded',
      limit: 'writes_per_transaction',
      maximum,
      attempted: actions.length,
    });
  }
  try {
    await unit.table.client.send(
      new TransactWriteItemsCommand({ TransactItems: actions, ClientRequestToken: unit.revision }),
    );
  } catch (error) {
    if (failedAnyOf(error, appendIndexes)) {
      throw new AssertionFailure('outbox event ids are unique: an appended id is already there');
    }
    throw toStorageFailure(OPERATION, error) ?? error;
  }
}

/**
 * Checks that everything an attempt read still holds, for an attempt that writes nothing: a
 * function that returned `err` or only read must also have seen one consistent state, or it
 * could report a domain error no state of the table ever justified. One read is consistent by
 * itself and needs no call. More than {@link TRANSACT_ITEMS_MAX} reads are checked in several
 * calls, one after another: every read came before the first call, and each call shows its
 * records unchanged since their read, so all reads held together when the first call ran.
 */
export async function validateReads(unit: UnitOfWork): Promise<void> {
  const entries = unit.readEntries();
  if (entries.length < 2) return;
  const { tableName } = unit.table;
  for (let start = 0; start < entries.length; start += TRANSACT_ITEMS_MAX) {
    const actions = entries
      .slice(start, start + TRANSACT_ITEMS_MAX)
      .map((entry) => conditionCheck(tableName, entry.key, entry.state));
    await sendToDynamoDb(OPERATION, () =>
      unit.table.client.send(
        new TransactWriteItemsCommand({
          TransactItems: actions,
          ClientRequestToken: crypto.randomUUID(),
        }),
      ),
    );
  }
}

function conditionCheck(tableName: string, key: ItemKey, read: ReadRecordState): TransactWriteItem {
  return {
    ConditionCheck: { TableName: tableName, Key: keyAttributes(key), ...conditionOn(read) },
  };
}

// The condition that the item is still as the attempt read it.
function conditionOn(read: ReadRecordState) {
  if (!read.exists) {
    return {
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': ATTRIBUTE.partitionKey },
    };
  }
  return {
    ConditionExpression: '#version = :version AND #revision = :revision',
    ExpressionAttributeNames: { '#version': ATTRIBUTE.version, '#revision': ATTRIBUTE.revision },
    ExpressionAttributeValues: {
      ':version': { N: String(read.version) },
      ':revision': { S: read.revision },
    },
  };
}

// Whether a cancelled transaction failed the condition of one of the given actions.
function failedAnyOf(error: unknown, indexes: ReadonlySet<number>): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] })
    .CancellationReasons;
  return (reasons ?? []).some(
    (reason, index) => indexes.has(index) && reason.Code === 'ConditionalCheckFailed',
  );
}
