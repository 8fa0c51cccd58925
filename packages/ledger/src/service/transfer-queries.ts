import {
  assert,
  type Cursor,
  decodeCursor,
  encodeCursor,
  err,
  ok,
  PAGE_LIMIT_MAX,
  parsePageRequest,
  type Result,
  type StorageError,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import { LEDGER_CODE_MAX } from '../model/ledger-limits.js';
import { indexKeyFloor, readTransferLogRecord } from '../store/index-records.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import { readTransferRecord, type StoredMovement } from '../store/transfer-record.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { LedgerPage } from './statement.js';

/** Most log records one query reads, matching or not; it then returns what it found and `next`. */
export const LEDGER_QUERY_SCAN_MAX = 10 * PAGE_LIMIT_MAX;

/** A query over every transfer and journal entry, in insertion order. */
export interface TransferQuery {
  /** Inserted at or after this instant. */
  readonly from?: Date;
  /** Inserted before this instant. */
  readonly to?: Date;
  /** Only this code. */
  readonly code?: number;
  /** 1..1000 results; default 100. */
  readonly limit?: number;
  /** The `next` of the previous page. */
  readonly after?: string;
}

const LOG_KEY_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\.\d{20}\.trf_[0-7][0-9a-hjkmnp-tv-z]{25}$/;

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function checkQuery(
  query: TransferQuery,
): Result<{ limit: number; after: string | null }, ValidationError> {
  if (query.from !== undefined && !isDate(query.from))
    return err(validationError('from', 'not_a_date'));
  if (query.to !== undefined && !isDate(query.to)) return err(validationError('to', 'not_a_date'));
  if (
    query.code !== undefined &&
    (!Number.isSafeInteger(query.code) || query.code < 1 || query.code > LEDGER_CODE_MAX)
  ) {
    return err(validationError('code', 'out_of_range'));
  }
  const page = parsePageRequest(query);
  if (page.isErr()) return err(page.error);
  if (page.value.after === undefined) return ok({ limit: page.value.limit, after: null });
  const key = decodeCursor(page.value.after);
  if (!LOG_KEY_PATTERN.test(key)) return err(validationError('after', 'bad_format'));
  return ok({ limit: page.value.limit, after: key });
}

/**
 * Transfers and journal entries by insertion time range and code, oldest first, through the
 * insertion-order log. A page reads at most {@link LEDGER_QUERY_SCAN_MAX} log records: a
 * selective code over a long range may return fewer than `limit` items (even none) with a `next`
 * to continue from. The cost is the number of log records in the range, not the matches.
 */
export async function queryTransfers(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  query: TransferQuery,
): Promise<Result<LedgerPage<StoredMovement>, ValidationError | StorageError>> {
  const checked = checkQuery(query);
  if (checked.isErr()) return err(checked.error);
  const { limit } = checked.value;
  const fromKey = query.from === undefined ? null : indexKeyFloor(query.from);
  let after = checked.value.after;
  if (fromKey !== null && (after === null || after < fromKey)) after = fromKey;
  return dependencies.storage.transaction(tenantId, async (tx) => {
    const matches: string[] = [];
    let scanned = 0;
    let cursor: Cursor | undefined = after === null ? undefined : encodeCursor(after);
    let lastKey: string | null = null;
    // True once the range is known to hold nothing more: its end, or the end of the log.
    let done = false;
    scan: while (matches.length < limit && scanned < LEDGER_QUERY_SCAN_MAX) {
      const page = await tx.records.list(LEDGER_COLLECTIONS.transferLog, {
        limit: Math.min(PAGE_LIMIT_MAX, LEDGER_QUERY_SCAN_MAX - scanned),
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      for (const record of page.items) {
        const entry = readTransferLogRecord(record.data);
        if (query.to !== undefined && entry.insertedAt.getTime() >= query.to.getTime()) {
          done = true;
          break scan;
        }
        scanned += 1;
        lastKey = record.id;
        if (query.code === undefined || entry.code === query.code) matches.push(entry.transferId);
        if (matches.length === limit) break scan;
      }
      if (page.next === null) {
        done = true;
        break;
      }
      cursor = page.next;
    }
    const records = await tx.records.getMany(LEDGER_COLLECTIONS.transfers, matches);
    const items = records.map((record) => {
      assert(record !== undefined, 'every log record names a stored movement');
      return readTransferRecord(record.data);
    });
    const next = done || lastKey === null ? null : encodeCursor(lastKey);
    return ok({ items, next });
  });
}
