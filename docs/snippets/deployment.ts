import { unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createStrongroom, type Strongroom } from '@strongroom/sdk';
import type { Kms, SecretProvider } from '@strongroom/vault';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A deploy step, run as the schema owner before the new code starts: the names of the migrations
 * it applied (none when the schema is current). Safe from several processes at once.
 */
export async function migrate(schemaOwnerUrl: string): Promise<readonly string[]> {
  const db = createPostgresKysely({ connectionString: schemaOwnerUrl });
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** What a deployment provides: AWS KMS or an HSM, and a secrets manager. */
export interface Deployment {
  /** A login role that is a member of `strongroom_app`, neither superuser nor table owner. */
  readonly databaseUrl: string;
  readonly kms: Kms;
  readonly secrets: SecretProvider;
}

/** One facade per process, shared by every request. */
export async function openStrongroom(deployment: Deployment): Promise<Strongroom> {
  // A 32-byte secret; every live version signs, so a new seed can be added before the old goes.
  const auditSeed = unwrapOrThrow(await deployment.secrets.get('audit-seed'));
  return createStrongroom({
    storage: createPostgresStorage({ connectionString: deployment.databaseUrl }),
    audit: {
      signing: {
        originPrefix: 'audit.example.com',
        masterSeeds: auditSeed.versions.map((version) => version.value),
      },
    },
    vault: {
      kms: deployment.kms,
      secrets: deployment.secrets,
      // Cryptoperiods (PCI DSS 3.7.4); `rotateIfDue` acts on them. After a rotation and a
      // complete rewrap, add `minDecryptionVersion` here to retire the old version.
      policies: {
        cards: { cryptoperiodMs: 365 * DAY_MS, maxDataKeysPerVersion: 1_000_000 },
        fields: { cryptoperiodMs: 365 * DAY_MS },
      },
    },
  });
}
