import { assert, type Clock, type Storage, systemClock } from '@strongroom/kernel';
import type { Publisher } from './publisher.js';

/** Most publishing attempts per event before it goes to the dead-letter error bus. */
export const RELAY_ATTEMPTS_MAX = 50;

/** Most outbox events one relay round reads. */
export const RELAY_PAGE_SIZE_MAX = 1_000;

/** How an outbox relay runs. */
export interface OutboxRelayOptions {
  readonly storage: Storage;
  readonly publisher: Publisher;
  readonly clock?: Clock;
  /** This relay instance, for the lease; default a random id per relay. */
  readonly holder?: string;
  /** Attempts per event, 1..{@link RELAY_ATTEMPTS_MAX}, before it is dead-lettered; default 8. */
  readonly attemptsMax?: number;
  /** Delay before the first retry, doubling per attempt; default 1,000 ms. */
  readonly backoffBaseMs?: number;
  /** Longest delay between retries; default 300,000 ms (5 minutes). */
  readonly backoffMaxMs?: number;
  /** Outbox events read per round, 1..{@link RELAY_PAGE_SIZE_MAX}; default 100. */
  readonly pageSize?: number;
  /** How long a relay keeps the tenant's outbox to itself after each round; default 15,000 ms. */
  readonly leaseMs?: number;
}

/** {@link OutboxRelayOptions} with every default applied and checked. */
export interface RelaySettings {
  readonly storage: Storage;
  readonly publisher: Publisher;
  readonly clock: Clock;
  readonly holder: string;
  readonly attemptsMax: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly pageSize: number;
  readonly leaseMs: number;
}

/** Applies defaults and checks bounds; a bad setting is a programmer error. */
export function relaySettings(options: OutboxRelayOptions): RelaySettings {
  const settings: RelaySettings = {
    storage: options.storage,
    publisher: options.publisher,
    clock: options.clock ?? systemClock,
    holder: options.holder ?? `relay-${crypto.randomUUID()}`,
    attemptsMax: options.attemptsMax ?? 8,
    backoffBaseMs: options.backoffBaseMs ?? 1_000,
    backoffMaxMs: options.backoffMaxMs ?? 300_000,
    pageSize: options.pageSize ?? 100,
    leaseMs: options.leaseMs ?? 15_000,
  };
  assert(
    Number.isInteger(settings.attemptsMax) &&
      settings.attemptsMax >= 1 &&
      settings.attemptsMax <= RELAY_ATTEMPTS_MAX,
    `a relay tries an event 1 to ${RELAY_ATTEMPTS_MAX} times`,
  );
  assert(
    settings.backoffBaseMs >= 1 && settings.backoffMaxMs >= settings.backoffBaseMs,
    'relay backoff needs a positive base no larger than its maximum',
  );
  assert(
    Number.isInteger(settings.pageSize) &&
      settings.pageSize >= 1 &&
      settings.pageSize <= RELAY_PAGE_SIZE_MAX,
    `a relay reads 1 to ${RELAY_PAGE_SIZE_MAX} events per round`,
  );
  assert(settings.leaseMs >= 1_000, 'a relay lease lasts at least a second');
  assert(
    settings.publisher.batchSizeMax >= 1 && settings.holder.length <= 128,
    'a publisher takes at least one event; a holder id is at most 128 characters',
  );
  return settings;
}

/** The delay before retry number `attempts` (1-based): exponential, capped. */
export function retryDelayMs(settings: RelaySettings, attempts: number): number {
  return Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.min(attempts - 1, 30));
}
