import {
  AUDIT_COLLECTIONS,
  type AuditEntry,
  type AuditLog,
  createAuditLog,
} from '@strongroom/audit';
import {
  err,
  FakeClock,
  ok,
  parseTenantId,
  type Result,
  type Storage,
  type StorageLimits,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import type { CardInput } from '../../src/cards/card-input.js';
import { CARD_PERMISSIONS, type CardPrincipal } from '../../src/cards/card-permissions.js';
import {
  type CardVault,
  type CardVaultOptions,
  createCardVault,
} from '../../src/cards/card-vault.js';
import type { SensitiveDataStore } from '../../src/cards/sensitive-data-store.js';
import { createEnvelopeCipher } from '../../src/envelope/create-envelope-cipher.js';
import type { EnvelopeCipher } from '../../src/envelope/envelope-cipher.js';
import type { Kms } from '../../src/kms/kms.js';
import { generateSoftwareKeyring } from '../../src/kms/software-keyring.js';
import { createSoftwareKms } from '../../src/kms/software-kms.js';
import type {
  SecretError,
  SecretVersion,
  VersionedSecret,
} from '../../src/secrets/secret-provider.js';
import { getRecord, listRecords } from '../stored-records.js';

export { getRecord, listRecords };

/**
 * Published test card numbers: Luhn-valid, never issued to anyone. Sources: Stripe's testing
 * documentation (docs.stripe.com/testing) and Braintree's sandbox card list; facts, not code.
 */
export const TEST_PANS = {
  visa: '4242424242424242',
  visaClassic: '4111111111111111',
  visaDebit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercardSeries2: '2223003122003222',
  mastercardDebit: '5200828282828210',
  amex: '378282246310005',
  amexAlt: '371449635398431',
  discover: '6011111111111117',
  discoverAlt: '6011000990139424',
  diners: '3056930009020004',
  diners14: '36227206271667',
  jcb: '3566002020360505',
  unionpay: '6200000000000005',
} as const;

/** A parsed tenant id. */
export function tenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** Every card permission. */
export const ALL_CARD_PERMISSIONS: ReadonlySet<string> = new Set(Object.values(CARD_PERMISSIONS));

/** A principal holding exactly the given permissions. */
export function principal(
  permissions: Iterable<string> = ALL_CARD_PERMISSIONS,
  id = 'usr_01h455vb4pex5vsknk084sn02q',
): CardPrincipal {
  return { actor: { type: 'user', id }, permissions: new Set(permissions) };
}

/** A fingerprint key whose versions tests can rotate. */
export class TestFingerprintKey {
  #versions: SecretVersion[] = [];

  constructor() {
    this.rotate();
  }

  /** Adds a new current version (32 random bytes), keeping the older ones live. */
  rotate(): void {
    const version = (this.#versions[0]?.version ?? 0) + 1;
    this.#versions = [
      { version, value: crypto.getRandomValues(new Uint8Array(32)) },
      ...this.#versions,
    ];
  }

  /** Drops every version but the current one. */
  retireOldVersions(): void {
    this.#versions = this.#versions.slice(0, 1);
  }

  /** Replaces the whole secret, for malformed-key tests. */
  replace(versions: SecretVersion[]): void {
    this.#versions = versions;
  }

  /** What the vault reads. */
  read = async (): Promise<Result<VersionedSecret, SecretError>> => {
    const current = this.#versions[0];
    if (current === undefined) return err({ type: 'secrets.not_found', name: 'card-fingerprint' });
    return ok({ name: 'card-fingerprint', current, versions: [...this.#versions] });
  };
}

/** Everything a card test needs. */
export interface CardHarness {
  readonly storage: Storage;
  readonly clock: FakeClock;
  readonly audit: AuditLog;
  readonly kms: Kms;
  readonly cipher: EnvelopeCipher;
  readonly fingerprintKey: TestFingerprintKey;
  readonly vault: CardVault;
  readonly tenantId: TenantId;
}

/** Options of {@link createCardHarness}. */
export interface CardHarnessOptions {
  readonly limits?: Partial<StorageLimits>;
  readonly sensitiveData?: (storage: Storage, clock: FakeClock) => SensitiveDataStore;
  readonly cvvTtlMs?: number;
  readonly keyId?: string;
  readonly cipher?: (cipher: EnvelopeCipher) => EnvelopeCipher;
  readonly autoBatch?: CardVaultOptions['autoBatch'];
}

/** Memory storage, a fake clock, a real audit log, the software KMS and the envelope cipher. */
export function createCardHarness(options: CardHarnessOptions = {}): CardHarness {
  const clock = new FakeClock(new Date('2026-01-15T12:00:00.000Z'));
  const storage = createMemoryStorage(
    options.limits === undefined ? {} : { limits: options.limits },
  );
  const audit = createAuditLog({
    storage,
    clock,
    signing: { originPrefix: 'audit.strongroom.test', masterSeeds: [new Uint8Array(32).fill(7)] },
  });
  const kms = createSoftwareKms({ keyring: generateSoftwareKeyring(['cards'], clock), clock });
  const realCipher = createEnvelopeCipher({ kms, clock });
  const cipher = options.cipher === undefined ? realCipher : options.cipher(realCipher);
  const fingerprintKey = new TestFingerprintKey();
  const vault = createCardVault({
    storage,
    audit,
    cipher,
    fingerprintKey: fingerprintKey.read,
    clock,
    ...(options.sensitiveData === undefined
      ? {}
      : { sensitiveData: options.sensitiveData(storage, clock) }),
    ...(options.cvvTtlMs === undefined ? {} : { cvvTtlMs: options.cvvTtlMs }),
    ...(options.keyId === undefined ? {} : { keyId: options.keyId }),
    ...(options.autoBatch === undefined ? {} : { autoBatch: options.autoBatch }),
  });
  return { storage, clock, audit, kms, cipher, fingerprintKey, vault, tenantId: tenant('acme') };
}

/** The tenant's audit leaves not yet sequenced, parsed, oldest id first. */
export async function auditLeaves(
  harness: CardHarness,
  tenantId = harness.tenantId,
): Promise<AuditEntry[]> {
  const pending = await listRecords(harness.storage, tenantId, AUDIT_COLLECTIONS.pending);
  return pending.map((record) => JSON.parse(String(record.data['leaf'])) as AuditEntry);
}

/** A valid card input for a PAN, expiring well after the harness's clock. */
export function cardInput(
  pan: string,
  overrides: Partial<Record<keyof CardInput, unknown>> = {},
): CardInput {
  return {
    pan,
    expiryMonth: 12,
    expiryYear: 2030,
    cardholderName: 'Ada Lovelace',
    ...overrides,
  } as CardInput;
}

/** A Luhn check digit (ISO/IEC 7812-1), written independently of the code under test. */
export function luhnCheckDigit(payload: string): string {
  const digits = [...payload].reverse().map(Number);
  const sum = digits.reduce((total, digit, position) => {
    if (position % 2 === 1) return total + digit;
    const doubled = digit * 2;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return String((10 - (sum % 10)) % 10);
}
