import type { AuditSigningOptions, CheckpointPublisher } from '@strongroom/audit';
import type { DisputesOptions } from '@strongroom/disputes';
import type { Upcaster } from '@strongroom/events';
import type { IdentityOptions, RevocationList } from '@strongroom/identity';
import type { Clock, IdGenerator, RateLimiter, Storage } from '@strongroom/kernel';
import type { LedgerOptions } from '@strongroom/ledger';
import type { VaultOptions } from '@strongroom/vault';

/** What a host hands to {@link createStrongroom}: the adapters every domain runs on. */
export interface StrongroomOptions {
  /** The storage adapter: memory, Postgres, PGlite, DynamoDB or your own. */
  readonly storage: Storage;
  /** Source of time; defaults to the system clock. Pass a `FakeClock` in tests. */
  readonly clock?: Clock;
  /** Source of ids; defaults to TypeIDs over UUIDv7. */
  readonly ids?: IdGenerator;
  /** The audit log: how its checkpoints are signed and where they are published. */
  readonly audit: {
    readonly signing: AuditSigningOptions;
    readonly publisher?: CheckpointPublisher;
    readonly batchSize?: number;
  };
  /**
   * The vault: its KMS (the software KMS embedded, AWS KMS or a PKCS#11 token), its secrets and
   * key policies. Storage, audit log and clock are the facade's own.
   */
  readonly vault: Omit<VaultOptions, 'storage' | 'audit' | 'clock'>;
  /** The ledger's options: group commit of concurrent single transfers (`autoBatch`). */
  readonly ledger?: Pick<LedgerOptions, 'autoBatch'>;
  /**
   * Identity, when the host signs people in through Strongroom: its password hasher (argon2id from
   * `@strongroom/identity/node`), email/SMS sender and token settings. Rate limits and the
   * revocation list default to the storage (pass the Redis adapters to share them faster).
   */
  readonly identity?: StrongroomIdentityOptions;
  /** The event store: upcasters that bring old event versions to today's schema on read. */
  readonly events?: { readonly upcasters?: readonly Upcaster[] };
  /**
   * Disputes, when the host takes chargebacks through Strongroom: the house accounts per
   * currency, fees, reason-code overrides and how provider payment ids map to ledger transfers.
   */
  readonly disputes?: StrongroomDisputesOptions;
}

/** The dispute options a host gives; storage, ledger, audit log, events, clock and ids are the facade's. */
export type StrongroomDisputesOptions = Omit<
  DisputesOptions,
  'storage' | 'ledger' | 'audit' | 'eventStore' | 'clock' | 'ids'
>;

/** The identity options a host gives; storage, audit log, vault, clock and ids are the facade's. */
export type StrongroomIdentityOptions = Omit<
  IdentityOptions,
  'storage' | 'audit' | 'vault' | 'clock' | 'ids' | 'rateLimiter' | 'revocations'
> & {
  /**
   * Default: `createStorageRateLimiter` over the facade's storage, whose ended windows the worker's
   * `identity_purge` deletes.
   */
  readonly rateLimiter?: RateLimiter;
  /**
   * Default: `createStorageRevocationList` over the facade's storage, whose expired entries the
   * worker's `identity_purge` deletes.
   */
  readonly revocations?: RevocationList;
};
