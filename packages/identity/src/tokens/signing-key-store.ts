import {
  err,
  type InfrastructureError,
  infrastructureError,
  ok,
  type Result,
  type StorageTransaction,
  type StoredRecord,
} from '@strongroom/kernel';
import {
  isVerifying,
  parseSigningKeyRecord,
  SIGNING_KEY_ACTIVE_ID,
  SIGNING_KEY_COLLECTION,
  SIGNING_KEYS_PER_TENANT_MAX,
  type SigningKeyRecord,
  signingKeyRecordData,
} from './signing-key-record.js';

/** A parsed key record and the version it was read at. */
interface StoredKey {
  readonly record: SigningKeyRecord;
  readonly version: number;
}

/** What installing a first key found: `created` is false when another process stored one first. */
export interface FirstKeyOutcome {
  readonly created: boolean;
  readonly record: SigningKeyRecord;
}

const danglingPointer = (): Result<never, InfrastructureError> =>
  err(
    infrastructureError({
      retryable: false,
      operation: 'identity.signing_keys.read',
      message: 'the active signing key pointer names no stored key',
    }),
  );

/** The tenant's active key, through the pointer; `undefined` before the first key. */
export async function readActiveKey(
  tx: StorageTransaction,
): Promise<Result<SigningKeyRecord | undefined, InfrastructureError>> {
  const pointer = await tx.records.get(SIGNING_KEY_COLLECTION, SIGNING_KEY_ACTIVE_ID);
  if (pointer === undefined) return ok(undefined);
  const kid = pointer.data['kid'];
  if (typeof kid !== 'string') return danglingPointer();
  const stored = await tx.records.get(SIGNING_KEY_COLLECTION, kid);
  return stored === undefined ? danglingPointer() : parseSigningKeyRecord(stored);
}

/** Reads one key by `kid`; `undefined` when the tenant has no such key. */
export async function readKey(
  tx: StorageTransaction,
  kid: string,
): Promise<Result<SigningKeyRecord | undefined, InfrastructureError>> {
  const stored = await tx.records.get(SIGNING_KEY_COLLECTION, kid);
  return stored === undefined ? ok(undefined) : parseSigningKeyRecord(stored);
}

/**
 * Every key of the tenant. Rotation keeps at most {@link SIGNING_KEYS_PER_TENANT_MAX} of them,
 * so one page (with room for the pointer) holds them all.
 */
export async function listKeys(
  tx: StorageTransaction,
): Promise<Result<StoredKey[], InfrastructureError>> {
  const page = await tx.records.list(SIGNING_KEY_COLLECTION, {
    limit: SIGNING_KEYS_PER_TENANT_MAX + 1,
  });
  const keys: StoredKey[] = [];
  for (const stored of page.items) {
    if (stored.id === SIGNING_KEY_ACTIVE_ID) continue;
    const parsed = parseSigningKeyRecord(stored);
    if (parsed.isErr()) return err(parsed.error);
    keys.push({ record: parsed.value, version: stored.version });
  }
  return ok(keys);
}

/**
 * Stores `fresh` as the first key unless the pointer exists: the pointer is inserted with expected
 * version 0, so of two processes racing here one commits and the other, run again, finds its key.
 */
export async function installFirstKey(
  tx: StorageTransaction,
  fresh: SigningKeyRecord,
): Promise<Result<FirstKeyOutcome, InfrastructureError>> {
  const existing = await readActiveKey(tx);
  if (existing.isErr()) return err(existing.error);
  if (existing.value !== undefined) return ok({ created: false, record: existing.value });
  await putKey(tx, fresh, 0);
  await putPointer(tx, fresh.kid, undefined);
  return ok({ created: true, record: fresh });
}

/**
 * Makes `fresh` the active key: every active key is retired at `nowMs`, retired keys past their
 * verification window are deleted, and the oldest retired ones go when the tenant would hold more
 * than {@link SIGNING_KEYS_PER_TENANT_MAX}. Returns the `kid` retired, if there was one.
 */
export async function rotateKeys(
  tx: StorageTransaction,
  fresh: SigningKeyRecord,
  timing: { readonly nowMs: number; readonly windowMs: number },
): Promise<Result<string | null, InfrastructureError>> {
  const pointer = await tx.records.get(SIGNING_KEY_COLLECTION, SIGNING_KEY_ACTIVE_ID);
  const listed = await listKeys(tx);
  if (listed.isErr()) return err(listed.error);
  const keys = listed.value.map((key) => ({
    ...key,
    wasActive: key.record.status === 'active',
    record: retire(key.record, timing.nowMs),
  }));
  const kept = new Set(
    keys
      .filter((key) => isVerifying(key.record, timing.nowMs, timing.windowMs))
      .sort((a, b) => (b.record.retiredAtMs ?? 0) - (a.record.retiredAtMs ?? 0))
      .slice(0, SIGNING_KEYS_PER_TENANT_MAX - 1)
      .map((key) => key.record.kid),
  );
  for (const key of keys) {
    if (!kept.has(key.record.kid)) {
      await tx.records.delete({ ...keyAddress(key.record.kid), expectedVersion: key.version });
    } else if (key.wasActive) {
      await putKey(tx, key.record, key.version);
    }
  }
  await putKey(tx, fresh, 0);
  await putPointer(tx, fresh.kid, pointer);
  return ok(keys.find((key) => key.wasActive)?.record.kid ?? null);
}

function retire(record: SigningKeyRecord, nowMs: number): SigningKeyRecord {
  return record.status === 'active' ? { ...record, status: 'retired', retiredAtMs: nowMs } : record;
}

const keyAddress = (kid: string) => ({ collection: SIGNING_KEY_COLLECTION, id: kid });

async function putKey(
  tx: StorageTransaction,
  record: SigningKeyRecord,
  expectedVersion: number,
): Promise<void> {
  await tx.records.put({
    ...keyAddress(record.kid),
    data: signingKeyRecordData(record),
    expectedVersion,
  });
}

async function putPointer(
  tx: StorageTransaction,
  kid: string,
  previous: StoredRecord | undefined,
): Promise<void> {
  await tx.records.put({
    ...keyAddress(SIGNING_KEY_ACTIVE_ID),
    data: { kid },
    expectedVersion: previous?.version ?? 0,
  });
}
