import { randomBytes } from 'node:crypto';
import { createAuditLog, isLuhnValid } from '@strongroom/audit';
import { nodeMerkleHasher } from '@strongroom/audit/node';
import { type Storage, systemClock, unwrapOrThrow } from '@strongroom/kernel';
import {
  CARD_PERMISSIONS,
  type CardInput,
  type CardPrincipal,
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createVault,
  type DataKeyCache,
  generateSoftwareKeyring,
  type Kms,
  secretEnvironmentVariable,
  VAULT_SECRET_NAMES_DEFAULT,
  type Vault,
} from '@strongroom/vault';
// The helper the tests count commits with, imported from source: testkit's index also pulls in
// vitest.
import {
  countingStorage,
  type TransactionCounts,
} from '../packages/testkit/src/storage/counting-storage.js';
import { BENCH_SIGNING } from './harness.js';

/** How often the vault reached the KMS, counted outside the vault (beside its cache's stats). */
export interface KmsCallCounts {
  generateDataKey: number;
  unwrap: number;
  wrap: number;
  rewrap: number;
  describe: number;
}

/** A vault over a storage, with counters the benchmark reads. */
export interface BenchVault {
  readonly vault: Vault;
  /** The storage the vault writes through (transactions and attempts counted). */
  readonly storage: Storage;
  /** Transactions asked for and attempts run (each run of a transaction function, retries included). */
  readonly counts: TransactionCounts;
  /** Calls that reached the software KMS, by operation. */
  readonly kmsCalls: KmsCallCounts;
  /** Flushes the vault's usage counters and closes the KMS. */
  close(): Promise<void>;
}

/** The principal every benchmark operation runs as: it holds every card permission. */
export const BENCH_PRINCIPAL: CardPrincipal = {
  actor: { type: 'service', id: 'svc_bench_checkout' },
  permissions: new Set(Object.values(CARD_PERMISSIONS)),
};

/** The purpose stated for every reveal. */
export const BENCH_PURPOSE = 'refund review';

// Counts every call that reaches the KMS; the vault only sees the wrapper.
function countingKms(inner: Kms): { kms: Kms; calls: KmsCallCounts } {
  const calls: KmsCallCounts = { generateDataKey: 0, unwrap: 0, wrap: 0, rewrap: 0, describe: 0 };
  const kms: Kms = {
    kind: inner.kind,
    createKey: (keyId) => inner.createKey(keyId),
    rotate: (keyId) => inner.rotate(keyId),
    describe: (keyId) => {
      calls.describe += 1;
      return inner.describe(keyId);
    },
    generateDataKey: (keyId, context) => {
      calls.generateDataKey += 1;
      return inner.generateDataKey(keyId, context);
    },
    wrap: (keyId, plaintext, context) => {
      calls.wrap += 1;
      return inner.wrap(keyId, plaintext, context);
    },
    unwrap: (wrapped, context) => {
      calls.unwrap += 1;
      return inner.unwrap(wrapped, context);
    },
    rewrap: (wrapped, context) => {
      calls.rewrap += 1;
      return inner.rewrap(wrapped, context);
    },
    close: () => inner.close(),
  };
  return { kms, calls };
}

/**
 * A vault as a host builds it: the software KMS with a generated keyring, the fingerprint key from
 * an environment-style secret provider (a fresh random key, never `process.env`), a real audit log
 * on the same storage, and the vault's default data-key cache unless `dataKeyCache` is given.
 */
export async function createBenchVault(
  storage: Storage,
  dataKeyCache?: DataKeyCache,
): Promise<BenchVault> {
  const counts: TransactionCounts = { transactions: 0, attempts: 0 };
  const counted = countingStorage(storage, counts);
  const software = createSoftwareKms({
    keyring: generateSoftwareKeyring(['cards', 'fields'], systemClock),
  });
  const { kms, calls } = countingKms(software);
  const secret = (bytes: number) =>
    JSON.stringify({ versions: [{ version: 1, value: randomBytes(bytes).toString('base64') }] });
  const secrets = createEnvironmentSecretProvider({
    [secretEnvironmentVariable(VAULT_SECRET_NAMES_DEFAULT.cardFingerprint)]: secret(32),
    [secretEnvironmentVariable(VAULT_SECRET_NAMES_DEFAULT.blindIndex)]: secret(32),
  });
  const audit = createAuditLog({
    storage: counted,
    signing: BENCH_SIGNING,
    hasher: nodeMerkleHasher,
  });
  const vault = createVault({
    storage: counted,
    audit,
    kms,
    secrets,
    ...(dataKeyCache === undefined ? {} : { dataKeyCache }),
  });
  unwrapOrThrow(await vault.prepareKeys());
  return {
    vault,
    storage: counted,
    counts,
    kmsCalls: calls,
    async close() {
      await vault.close();
      await kms.close();
    },
  };
}

// Stripe's published Visa test BIN (docs.stripe.com/testing, card 4242 4242 4242 4242): Visa by
// its leading 4, never issued to a cardholder.
const VISA_TEST_BIN = '42424242';
const SERIAL_DIGITS = 7;

/** A Luhn check digit (ISO/IEC 7812-1) for `payload`. */
function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let position = 0; position < payload.length; position += 1) {
    const digit = Number(payload[payload.length - 1 - position]);
    // Doubling starts at the digit next to the (future) check digit.
    const weighted = position % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The `serial`-th benchmark PAN: a Luhn-valid 16-digit Visa number, distinct per serial. */
export function benchPan(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= 10 ** SERIAL_DIGITS)
    throw new Error(`PAN serial out of range: ${serial}`);
  const payload = VISA_TEST_BIN + String(serial).padStart(SERIAL_DIGITS, '0');
  const pan = payload + luhnCheckDigit(payload);
  if (!isLuhnValid(pan)) throw new Error('benchPan built a PAN that is not Luhn-valid');
  return pan;
}

const EXPIRY_YEAR = new Date().getUTCFullYear() + 3;

/** A valid card for the `serial`-th PAN: expiry three years ahead, no security code. */
export function benchCard(serial: number): CardInput {
  return {
    pan: benchPan(serial),
    expiryMonth: 11,
    expiryYear: EXPIRY_YEAR,
    cardholderName: 'Grace Hopper',
  };
}

/** Hands out PAN serials, so that no PAN is tokenized twice in a run (each op is a new card). */
export class PanSerials {
  #next = 0;

  /** The next unused serial. */
  next(): number {
    const serial = this.#next;
    this.#next += 1;
    return serial;
  }
}
