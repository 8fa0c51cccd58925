import { hexToBytes } from '@noble/hashes/utils.js';
import { createDynamoDbStorage } from '@strongroom/dynamodb';
import { parseId, type Storage, unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresStorage } from '@strongroom/postgres';
import { createStrongroom, type Strongroom } from '@strongroom/sdk';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  parseSoftwareKeyring,
} from '@strongroom/vault';
import type { ScaleOutConfig, StoreLocation } from './scale-out-config.js';
import { localDynamoDbClient } from './scale-out-stores.js';

/** Postgres connections one process opens: four processes and the parent stay far below the server's 100. */
const POSTGRES_CONNECTIONS_PER_PROCESS = 6;

/** The fee booked per USD chargeback. */
export const SCALE_OUT_DISPUTE_FEE_MINOR = 100n;

/** The one reminder lead time: a minute before the deadline, the shortest the engine accepts. */
export const SCALE_OUT_ALERT_LEAD_TIME_MS = 60_000;

/** A connection of this process to the shared store. */
export interface StoreConnection {
  readonly storage: Storage;
  /** Releases what the storage does not own (the DynamoDB client), after the storage is closed. */
  release(): void;
}

/** Connects to the shared store with a client of this process's own. */
export function connectStore(location: StoreLocation): StoreConnection {
  if (location.kind === 'postgres') {
    return {
      storage: createPostgresStorage({
        connectionString: location.url,
        maxConnections: POSTGRES_CONNECTIONS_PER_PROCESS,
      }),
      release: () => {},
    };
  }
  const client = localDynamoDbClient(location.endpoint);
  return {
    storage: createDynamoDbStorage({ client, tableName: location.tableName }),
    release: () => client.destroy(),
  };
}

/** What every process's facade is built from, identical in the parent and every child. */
export type FacadeSettings = Pick<
  ScaleOutConfig,
  'keyringText' | 'secrets' | 'auditSeedHex' | 'accounts'
>;

/**
 * The SDK as each process of one deployment builds it: the same keyring, secrets and audit keys,
 * disputes with USD house accounts, a refundable fee and a one-minute reminder.
 */
export function buildStrongroom(settings: FacadeSettings, storage: Storage): Strongroom {
  const house = {
    reserveAccountId: unwrapOrThrow(parseId('acc', settings.accounts.reserve)),
    feeAccountId: unwrapOrThrow(parseId('acc', settings.accounts.fees)),
    lossAccountId: unwrapOrThrow(parseId('acc', settings.accounts.losses)),
  };
  return createStrongroom({
    storage,
    audit: {
      signing: {
        originPrefix: 'scale-out.strongroom.test',
        masterSeeds: [hexToBytes(settings.auditSeedHex)],
      },
    },
    vault: {
      kms: createSoftwareKms({
        keyring: unwrapOrThrow(parseSoftwareKeyring(settings.keyringText)),
      }),
      secrets: createEnvironmentSecretProvider(settings.secrets),
    },
    disputes: {
      houseAccounts: (currency) => (currency === 'USD' ? house : undefined),
      fees: (_network, currency) => ({
        amountMinor: currency === 'USD' ? SCALE_OUT_DISPUTE_FEE_MINOR : 0n,
        refundableOnWin: true,
      }),
      alertLeadTimesMs: [SCALE_OUT_ALERT_LEAD_TIME_MS],
    },
  });
}
