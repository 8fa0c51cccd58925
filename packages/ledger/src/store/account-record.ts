import { assert, type JsonObject } from '@strongroom/kernel';
import { ACCOUNT_TYPES, type Account, type AccountOwner } from '../model/account.js';
import { LEDGER_CODE_MAX } from '../model/ledger-limits.js';
import { balancesData, readBalances } from './balances-record.js';
import {
  bigintField,
  readBoolean,
  readCurrency,
  readDate,
  readEnum,
  readId,
  readInteger,
  readNonNegativeBigint,
  readNullableBigint,
  readObject,
  readString,
} from './record-fields.js';

const RECORD = 'ledger.accounts';
const ACCOUNT_STATES = ['open', 'closed'] as const;

/** The stored body of an account record. */
export function accountRecordData(account: Account): JsonObject {
  return {
    formatVersion: 1,
    id: account.id,
    currency: account.currency,
    code: account.code,
    name: account.name,
    owner: account.owner === null ? null : { type: account.owner.type, id: account.owner.id },
    type: account.type,
    metadata: account.metadata,
    flags: {
      debitsMustNotExceedCredits: account.flags.debitsMustNotExceedCredits,
      creditsMustNotExceedDebits: account.flags.creditsMustNotExceedDebits,
    },
    limits: {
      floorMinor:
        account.limits.floorMinor === null ? null : bigintField(account.limits.floorMinor),
      ceilingMinor:
        account.limits.ceilingMinor === null ? null : bigintField(account.limits.ceilingMinor),
    },
    status: account.status,
    balances: balancesData(account.balances),
    entryCount: account.entryCount,
    createdAt: account.createdAt.toISOString(),
    timestamp: bigintField(account.timestamp),
  };
}

function readOwner(data: JsonObject): AccountOwner | null {
  if (data['owner'] === null) return null;
  const owner = readObject(data, 'owner', RECORD);
  return { type: readString(owner, 'type', RECORD), id: readString(owner, 'id', RECORD) };
}

/**
 * Reads a stored account. The ledger alone writes these, so a body of another shape is a broken
 * invariant (a bug or tampering), not an operating error, and it throws.
 */
export function readAccountRecord(data: JsonObject): Account {
  assert(data['formatVersion'] === 1, `a ${RECORD} record has format version 1`);
  const flags = readObject(data, 'flags', RECORD);
  const limits = readObject(data, 'limits', RECORD);
  return {
    id: readId(data, 'id', RECORD, 'acc'),
    currency: readCurrency(data, 'currency', RECORD),
    code: readInteger(data, 'code', RECORD, 1, LEDGER_CODE_MAX),
    name: readString(data, 'name', RECORD),
    owner: readOwner(data),
    type: readEnum(data, 'type', RECORD, ACCOUNT_TYPES),
    metadata: readObject(data, 'metadata', RECORD),
    flags: {
      debitsMustNotExceedCredits: readBoolean(flags, 'debitsMustNotExceedCredits', RECORD),
      creditsMustNotExceedDebits: readBoolean(flags, 'creditsMustNotExceedDebits', RECORD),
    },
    limits: {
      floorMinor: readNullableBigint(limits, 'floorMinor', RECORD),
      ceilingMinor: readNullableBigint(limits, 'ceilingMinor', RECORD),
    },
    status: readEnum(data, 'status', RECORD, ACCOUNT_STATES),
    balances: readBalances(data, 'balances', RECORD),
    entryCount: readInteger(data, 'entryCount', RECORD, 0, Number.MAX_SAFE_INTEGER),
    createdAt: readDate(data, 'createdAt', RECORD),
    timestamp: readNonNegativeBigint(data, 'timestamp', RECORD),
  };
}
