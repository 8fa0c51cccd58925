import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { infrastructureError } from '@strongroom/kernel';
import { StorageFailure } from '@strongroom/kernel/adapter';
import { ATTRIBUTE, type ItemKey } from './table-layout.js';

/** An item as the low-level DynamoDB API carries it. */
export type Item = Record<string, AttributeValue>;

/** A record as a transaction sees it: absent, or present at a version with its JSON body. */
export type RecordState =
  | { readonly exists: false }
  | { readonly exists: true; readonly version: number; readonly json: string };

/** A record as read from the table: a {@link RecordState} plus the revision that wrote it. */
export type ReadRecordState =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly version: number;
      readonly json: string;
      readonly revision: string;
    };

/** The state of a record that is not in the table. */
export const ABSENT: { readonly exists: false } = { exists: false };

/** The key attributes of an item. */
export function keyAttributes(key: ItemKey): Item {
  return { [ATTRIBUTE.partitionKey]: { S: key.pk }, [ATTRIBUTE.sortKey]: { S: key.sk } };
}

/** A record item as a commit writes it. */
export function recordItem(key: ItemKey, json: string, version: number, revision: string): Item {
  return {
    ...keyAttributes(key),
    [ATTRIBUTE.data]: { S: json },
    [ATTRIBUTE.version]: { N: String(version) },
    [ATTRIBUTE.revision]: { S: revision },
  };
}

/** An outbox event item as a commit writes it; `json` is the event row. */
export function eventItem(key: ItemKey, json: string): Item {
  return { ...keyAttributes(key), [ATTRIBUTE.data]: { S: json } };
}

/** Reads a record item returned by DynamoDB; `undefined` (no item) is an absent record. */
export function readRecordItem(item: Item | undefined): ReadRecordState {
  if (item === undefined) return ABSENT;
  const json = item[ATTRIBUTE.data]?.S;
  const version = Number(item[ATTRIBUTE.version]?.N);
  const revision = item[ATTRIBUTE.revision]?.S;
  if (json === undefined || revision === undefined || !Number.isSafeInteger(version)) {
    throw malformedItem();
  }
  return { exists: true, version, json, revision };
}

/** The sort key of an item returned by DynamoDB. */
export function readSortKey(item: Item): string {
  const sortKey = item[ATTRIBUTE.sortKey]?.S;
  if (sortKey === undefined) throw malformedItem();
  return sortKey;
}

/** The JSON text in an item's `data` attribute. */
export function readData(item: Item): string {
  const json = item[ATTRIBUTE.data]?.S;
  if (json === undefined) throw malformedItem();
  return json;
}

// Something other than this adapter wrote into the table; the message names no value from it.
function malformedItem(): StorageFailure {
  return new StorageFailure(
    infrastructureError({
      retryable: false,
      operation: 'dynamodb.read_item',
      message: 'an item in the table does not have the layout this adapter writes',
    }),
  );
}
