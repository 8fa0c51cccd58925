import {
  AssertionFailure,
  type Currency,
  type JsonObject,
  typeIdGenerator,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { AccountEntry } from '../../src/engine/ledger-changes.js';
import type { Account } from '../../src/model/account.js';
import type { JournalEntry } from '../../src/model/journal-entry.js';
import type { Transfer } from '../../src/model/transfer.js';
import { accountRecordData, readAccountRecord } from '../../src/store/account-record.js';
import { entryRecordData, entryRecordId, readEntryRecord } from '../../src/store/entry-record.js';
import {
  failedIdRecordData,
  isBurnedRecord,
  readFailedIdRecord,
} from '../../src/store/failed-id-record.js';
import {
  expiryRecordData,
  expiryRecordId,
  readExpiryRecord,
  readTransferLogRecord,
  transferLogRecordData,
  transferLogRecordId,
} from '../../src/store/index-records.js';
import {
  journalRecordData,
  readTransferRecord,
  transferRecordData,
} from '../../src/store/transfer-record.js';

const usd = 'USD' as Currency;
const at = new Date('2026-04-01T10:00:00.000Z');
const big = 10n ** 35n + 7n;

const account: Account = {
  id: typeIdGenerator.next('acc'),
  currency: usd,
  code: 12,
  name: 'Wallet',
  owner: { type: 'user', id: 'usr_9' },
  type: 'liability',
  metadata: { tier: 'gold', nested: { list: [1, 'two', null] } },
  flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  limits: { floorMinor: -big, ceilingMinor: null },
  status: 'open',
  balances: { debitsPending: 1n, debitsPosted: big, creditsPending: 0n, creditsPosted: big + 1n },
  entryCount: 4,
  createdAt: at,
  timestamp: 1_775_037_600_000_001n,
};

const transfer: Transfer = {
  id: typeIdGenerator.next('trf'),
  debitAccountId: typeIdGenerator.next('acc'),
  creditAccountId: account.id,
  amountMinor: big,
  currency: usd,
  code: 3,
  metadata: {},
  flags: {
    linked: true,
    pending: true,
    postPending: false,
    voidPending: false,
    balancingDebit: false,
    balancingCredit: false,
    closingDebit: false,
    closingCredit: true,
  },
  pendingId: null,
  timeoutMs: 60_000,
  expiresAt: new Date(at.getTime() + 60_000),
  effectiveAt: new Date(at.getTime() - 86_400_000),
  insertedAt: at,
  timestamp: 99n,
  pendingStatus: 'pending',
};

const journal: JournalEntry = {
  id: typeIdGenerator.next('trf'),
  postings: [
    { accountId: account.id, side: 'debit', amountMinor: 10n },
    { accountId: transfer.debitAccountId, side: 'credit', amountMinor: 10n },
  ],
  code: 4,
  metadata: { order: 'o-1' },
  flags: { linked: false, pending: false, postPending: false, voidPending: false },
  pendingId: null,
  timeoutMs: null,
  expiresAt: null,
  effectiveAt: at,
  insertedAt: at,
  timestamp: 100n,
  pendingStatus: 'none',
};

const entry: AccountEntry = {
  accountId: account.id,
  sequence: 4,
  transferId: transfer.id,
  side: 'credit',
  kind: 'pending',
  amountMinor: big,
  balancesAfter: account.balances,
  effectiveAt: transfer.effectiveAt,
  insertedAt: at,
  timestamp: 99n,
};

// Through JSON, as every backend stores the body.
function stored(data: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(data)) as JsonObject;
}

describe('ledger record codecs', () => {
  it('round-trips every record through JSON, bigints as decimal strings and dates as ISO', () => {
    expect(readAccountRecord(stored(accountRecordData(account)))).toEqual(account);
    expect(readTransferRecord(stored(transferRecordData(transfer)))).toEqual({
      kind: 'transfer',
      transfer,
    });
    expect(readTransferRecord(stored(journalRecordData(journal)))).toEqual({
      kind: 'journal',
      journal,
    });
    expect(readEntryRecord(stored(entryRecordData(entry)))).toEqual(entry);
    const failed = { id: transfer.id, status: 'exceeds_credits' as const, timestamp: 5n };
    expect(readFailedIdRecord(stored(failedIdRecordData(failed)))).toEqual(failed);
    // A burned id shares its movement's key, told apart by kind (see BURNED_RECORD_KIND).
    expect(isBurnedRecord(stored(failedIdRecordData(failed)))).toBe(true);
    expect(isBurnedRecord(stored(transferRecordData(transfer)))).toBe(false);
    expect(isBurnedRecord(stored(journalRecordData(journal)))).toBe(false);
    const expiry = { transferId: transfer.id, expiresAt: at, timestamp: 99n };
    expect(readExpiryRecord(stored(expiryRecordData(expiry)))).toEqual(expiry);
    const log = { transferId: transfer.id, insertedAt: at, timestamp: 99n, code: 3 };
    expect(readTransferLogRecord(stored(transferLogRecordData(log)))).toEqual(log);
    expect(accountRecordData(account)['balances']).toMatchObject({ debitsPosted: big.toString() });
  });

  it('asserts on a record of the wrong shape (a bug or tampering), never guessing', () => {
    const body = stored(accountRecordData(account));
    const tampered: JsonObject[] = [
      { ...body, formatVersion: 2 },
      { ...body, balances: { ...(body['balances'] as JsonObject), debitsPosted: 5 } },
      { ...body, balances: { ...(body['balances'] as JsonObject), creditsPosted: '-1' } },
      { ...body, currency: 'XYZ' },
      { ...body, id: 'acc_not-a-typeid' },
      { ...body, createdAt: 'yesterday' },
      { ...body, type: 'mystery' },
    ];
    for (const data of tampered) expect(() => readAccountRecord(data)).toThrow(AssertionFailure);
    const transferBody = stored(transferRecordData(transfer));
    expect(() => readTransferRecord({ ...transferBody, kind: 'other' })).toThrow(AssertionFailure);
    const burnedBody = stored(
      failedIdRecordData({ id: transfer.id, status: 'exceeds_credits', timestamp: 1n }),
    );
    // Neither reader takes the other's record for its own.
    expect(() => readTransferRecord(burnedBody)).toThrow(AssertionFailure);
    expect(() => readFailedIdRecord(transferBody)).toThrow(AssertionFailure);
    expect(() =>
      readTransferRecord({
        ...transferBody,
        flags: { ...(transferBody['flags'] as JsonObject), extra: true },
      }),
    ).toThrow(AssertionFailure);
    expect(() =>
      readFailedIdRecord({
        ...stored(
          failedIdRecordData({ id: transfer.id, status: 'exceeds_credits', timestamp: 1n }),
        ),
        status: 'created',
      }),
    ).toThrow(AssertionFailure);
  });

  it('keys entries by zero-padded sequence and indexes by (instant, stamp), so text order is time order', () => {
    const ids = [2, 10, 1, 100].map((sequence) => entryRecordId(account.id, sequence));
    expect([...ids].sort()).toEqual(
      [1, 2, 10, 100].map((sequence) => entryRecordId(account.id, sequence)),
    );
    expect(() => entryRecordId(account.id, 0)).toThrow(AssertionFailure);
    const key = (expiresAt: Date, timestamp: bigint, transferId: string) =>
      expiryRecordId({ expiresAt, timestamp, transferId });
    const later = new Date(at.getTime() + 1);
    const keys = [key(later, 1n, transfer.id), key(at, 20n, transfer.id), key(at, 3n, journal.id)];
    expect([...keys].sort()).toEqual([keys[2], keys[1], keys[0]]);
    expect(
      transferLogRecordId({ transferId: transfer.id, insertedAt: at, timestamp: 7n, code: 1 }),
    ).toBe(`2026-04-01T10:00:00.000Z.00000000000000000007.${transfer.id}`);
  });
});
