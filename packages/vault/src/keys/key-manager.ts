import type { AuditActor, AuditLog } from '@strongroom/audit';
import {
  type Clock,
  err,
  ok,
  parseTenantId,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
  unwrapOrThrow,
  validationError,
} from '@strongroom/kernel';
import type { DataKeyGeneratedEvent } from '../envelope/create-envelope-cipher.js';
import type { EnvelopeCipher } from '../envelope/envelope-cipher.js';
import { parseEnvelope } from '../envelope/envelope-format.js';
import {
  SUBJECT_KEY_COLLECTIONS,
  SUBJECT_KEY_WRAPPING_ID,
  SUBJECT_WRAPPED_KEY_FIELD,
} from '../fields/subject-key-record.js';
import { checkKekName } from '../kms/kek-name.js';
import type { KekDescription, Kms } from '../kms/kms.js';
import type { KeyManagementError, RewrapJobError } from './key-manager-error.js';
import type { KeyPolicies, KeyPolicy } from './key-policy.js';
import { describeKeyState, type KeyDescription, type RotationReason } from './key-status.js';
import { KeyUsageRecorder } from './key-usage.js';
import { type RewrapBudget, runRewrapJob } from './rewrap-job.js';
import type { RewrapLocation, RewrapProgress } from './rewrap-job-state.js';
import { createSubjectKeyRewrapper } from './subject-key-rewrapper.js';

/** Tenants whose usage counters one `describe` may sum. */
export const KEY_USAGE_TENANTS_MAX = 10_000;

/** The ports and configuration of a {@link KeyManager}. */
export interface KeyManagerDeps {
  readonly kms: Kms;
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly policies: KeyPolicies;
  /**
   * The tenant whose audit log records deployment-wide key operations (a KEK rotation concerns
   * every tenant; it is written once, here). Default `system`.
   */
  readonly systemTenantId?: TenantId;
}

/**
 * Whose usage counters to sum. Counters are per tenant (storage is partitioned by tenant and
 * no row is shared across tenants), so the deployment names its tenants; a single-tenant
 * deployment passes its one tenant.
 */
export interface KeyUsageScope {
  readonly tenantIds: readonly TenantId[];
}

/** Common options of a rewrap job run. */
export interface RewrapRunOptions extends RewrapBudget {
  readonly tenantId: TenantId;
  /** Chosen by the caller; calling again with the same id resumes the job. */
  readonly jobId: string;
  /** Records per page (default 100), at most the storage's writes per transaction. */
  readonly pageSizeMax?: number;
  /** Who runs the job, for its audit leaves (default: the system's rewrap job). */
  readonly actor?: AuditActor;
}

/** A rewrap job over envelopes stored in records. */
export interface EnvelopeRewrapOptions extends RewrapRunOptions {
  /** Collections and the envelope fields in them, visited in order. */
  readonly locations: readonly RewrapLocation[];
  /** The cipher that wrote the envelopes; its `rewrap` never decrypts the data. */
  readonly cipher: EnvelopeCipher;
}

/** What {@link KeyManager.rotateIfDue} did. */
export interface RotateIfDueOutcome {
  readonly rotated: boolean;
  readonly reasons: readonly RotationReason[];
  /** The KEK's current version after the call. */
  readonly currentVersion: number;
}

/**
 * Key management over the KMS port: status of every KEK version, usage counters, rotation and
 * the rewrap jobs that move stored data keys to the current version without decrypting data.
 */
export interface KeyManager {
  /** The KEK's versions with status, age and usage, and whether rotation is due and why. */
  describe(
    keyId: string,
    scope: KeyUsageScope,
  ): Promise<Result<KeyDescription, KeyManagementError>>;
  /**
   * Counts a generated data key; wire it as the envelope cipher's `onDataKeyGenerated`. It returns
   * at once and never fails: the count is written in the background, kept in a bounded tally and
   * retried by later counts and by `flushUsage` if the store fails.
   */
  recordDataKeyGenerated(event: DataKeyGeneratedEvent): void;
  /** Writes pending usage counts now (before reading them, and at shutdown). */
  flushUsage(): Promise<Result<void, StorageError>>;
  /** Adds a KEK version, which becomes current; writes `vault.key.rotated` to the system tenant's log. */
  rotate(keyId: string, actor: AuditActor): Promise<Result<KekDescription, KeyManagementError>>;
  /** Rotates when the cryptoperiod or the usage limit of the current version is reached. */
  rotateIfDue(
    keyId: string,
    actor: AuditActor,
    scope: KeyUsageScope,
  ): Promise<Result<RotateIfDueOutcome, KeyManagementError>>;
  /**
   * Runs (or resumes) a rewrap job over envelopes stored in records. Each call works until the job
   * is done or its budget is spent; calling again with the same job id resumes from the stored
   * cursor. Per page: list the records; re-wrap their envelopes outside any transaction (data is
   * never decrypted); then in one transaction write back every record whose version is unchanged
   * (a record changed meanwhile is a conflict, left for the next run), the progress and a
   * `vault.key.rewrapped` audit leaf. Personal-field envelopes (wrapped by a subject key) count as
   * already current: their subject keys move with `rewrapSubjectKeys`.
   */
  rewrap(options: EnvelopeRewrapOptions): Promise<Result<RewrapProgress, RewrapJobError>>;
  /**
   * Runs (or resumes) a rewrap job over the tenant's subject keys (`vault.subject_keys`), whose
   * KMS-wrapped keys move to the KEK's current version; the same job, another value rewrapper.
   */
  rewrapSubjectKeys(options: RewrapRunOptions): Promise<Result<RewrapProgress, RewrapJobError>>;
}

function policyOf(policies: KeyPolicies, keyId: string): KeyPolicy {
  return Object.hasOwn(policies, keyId) ? (policies[keyId] ?? {}) : {};
}

/** Builds the {@link KeyManager}. */
export function createKeyManager(deps: KeyManagerDeps): KeyManager {
  const { kms, storage, audit, clock, policies } = deps;
  const systemTenantId = deps.systemTenantId ?? unwrapOrThrow(parseTenantId('system'));
  const usage = new KeyUsageRecorder(storage);
  const jobContext = { storage, audit, clock };

  const recordRotation = (
    keyId: string,
    actor: AuditActor,
    outcome: 'succeeded' | 'failed',
    details: { version?: number; errorType?: string },
  ) =>
    storage.transaction(systemTenantId, async (tx) => {
      const leaf = await audit.append(tx, {
        actor,
        action: 'vault.key.rotated',
        resource: { type: 'vault.kek', id: keyId },
        outcome,
        details: { kms: kms.kind, ...details },
      });
      return leaf.isErr() ? err(leaf.error) : ok(undefined);
    });

  const manager: KeyManager = {
    async describe(keyId, scope) {
      const name = checkKekName(keyId);
      if (name.isErr()) return err(name.error);
      if (scope.tenantIds.length > KEY_USAGE_TENANTS_MAX)
        return err(validationError('tenantIds', 'too_many'));
      const kek = await kms.describe(keyId);
      if (kek.isErr()) return err(kek.error);
      // Counts of this process still in memory are written first, so the sums include them;
      // a failed write only leaves them out of this answer.
      await usage.flush();
      const counts = await usage.read(
        scope.tenantIds,
        keyId,
        kek.value.versions.map((version) => version.version),
      );
      if (counts.isErr()) return err(counts.error);
      return ok(
        describeKeyState({
          kek: kek.value,
          kmsKind: kms.kind,
          policy: policyOf(policies, keyId),
          usage: counts.value,
          now: clock.now(),
        }),
      );
    },
    recordDataKeyGenerated(event) {
      usage.record(event);
    },
    flushUsage: () => usage.flush(),
    async rotate(keyId, actor) {
      const name = checkKekName(keyId);
      if (name.isErr()) return err(name.error);
      const rotated = await kms.rotate(keyId);
      if (rotated.isErr()) {
        // The refusal is recorded too; if even that fails, the KMS error is what the caller needs.
        await recordRotation(keyId, actor, 'failed', { errorType: rotated.error.type });
        return err(rotated.error);
      }
      // The KMS has rotated whatever happens next; if the leaf cannot be written the error is
      // returned, and `describe` shows the new version (prefer `rotateIfDue` to retry safely).
      const recorded = await recordRotation(keyId, actor, 'succeeded', {
        version: rotated.value.currentVersion,
      });
      return recorded.isErr() ? err(recorded.error) : ok(rotated.value);
    },
    async rotateIfDue(keyId, actor, scope) {
      const described = await manager.describe(keyId, scope);
      if (described.isErr()) return err(described.error);
      const { rotationDue, rotationReasons } = described.value;
      if (!rotationDue)
        return ok({ rotated: false, reasons: [], currentVersion: described.value.currentVersion });
      const rotated = await manager.rotate(keyId, actor);
      return rotated.map((key) => ({
        rotated: true,
        reasons: rotationReasons,
        currentVersion: key.currentVersion,
      }));
    },
    rewrap(options) {
      const { cipher, locations, ...run } = options;
      return runRewrapJob(jobContext, {
        ...run,
        kind: 'envelopes',
        locations,
        rewrapValue: async (binding, envelope) => {
          // A personal field's data key is wrapped by its subject key, which no KEK rotation
          // changes (the subject keys themselves move with `rewrapSubjectKeys`): nothing to do.
          const parsed = parseEnvelope(envelope);
          if (parsed.isOk() && parsed.value.wrapping.keyId === SUBJECT_KEY_WRAPPING_ID)
            return ok(null);
          return cipher.rewrap(binding, envelope);
        },
      });
    },
    rewrapSubjectKeys(options) {
      return runRewrapJob(jobContext, {
        ...options,
        kind: 'subject_keys',
        locations: [
          { collection: SUBJECT_KEY_COLLECTIONS.keys, fields: [SUBJECT_WRAPPED_KEY_FIELD] },
        ],
        rewrapValue: createSubjectKeyRewrapper(kms, policies),
      });
    },
  };
  return manager;
}
