import type { AuditEntry } from '@strongroom/audit';
import {
  formatMoney,
  moneyFromMinorUnits,
  parseTenantId,
  systemClock,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { LEDGER_AUDIT_ACTIONS } from '@strongroom/ledger';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import { createStrongroom } from '@strongroom/sdk';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';

// Embedded PostgreSQL in this process, in memory; `{ dataDir: './data' }` keeps it on disk.
const storage = await createPGliteStorage();
const strongroom = createStrongroom({
  storage,
  audit: {
    signing: {
      originPrefix: 'audit.example.com',
      // Development only: a fresh signing seed per run. Deployments read it from a secret store.
      masterSeeds: [crypto.getRandomValues(new Uint8Array(32))],
    },
  },
  vault: {
    // Development only: KEKs in process memory, lost at exit. Deployments use AWS KMS or an HSM.
    kms: createSoftwareKms({ keyring: generateSoftwareKeyring([], systemClock) }),
    // Read when cards are tokenized: STRONGROOM_SECRET_CARD_FINGERPRINT and _BLIND_INDEX.
    secrets: createEnvironmentSecretProvider(process.env),
  },
});
unwrapOrThrow(await strongroom.prepareKeys());
const tenantId = unwrapOrThrow(parseTenantId('acme'));

const cash = typeIdGenerator.next('acc');
const wallet = typeIdGenerator.next('acc');
const opened = unwrapOrThrow(
  await strongroom.ledger.createAccounts(tenantId, [
    { id: cash, currency: 'USD', code: 1, name: 'Cash at bank', type: 'asset' },
    { id: wallet, currency: 'USD', code: 2, name: 'Alice wallet', type: 'liability' },
  ]),
);
console.log(`accounts: ${opened.map((account) => account.status).join(', ')}`);

const transferId = typeIdGenerator.next('trf');
const transfer = {
  id: transferId,
  debitAccountId: cash,
  creditAccountId: wallet,
  amountMinor: 25_00n, // money is bigint minor units: 25.00 USD
  currency: 'USD',
  code: 1,
};
const moved = unwrapOrThrow(
  await strongroom.ledger.createTransfer(tenantId, { kind: 'transfer', transfer }),
);
// The id is the idempotency key: sending the same transfer again answers `exists`.
const again = unwrapOrThrow(
  await strongroom.ledger.createTransfer(tenantId, { kind: 'transfer', transfer }),
);
console.log(`transfer: ${moved.status}, sent again: ${again.status}`);

const balance = unwrapOrThrow(await strongroom.ledger.balance(tenantId, wallet));
const shown = formatMoney(unwrapOrThrow(moneyFromMinorUnits(balance.postedMinor, 'USD')));
console.log(`Alice's wallet: ${shown} USD`);

// The audit leaf committed with the transfer; `integrate` sequences it into the signed log now
// (in a service, `strongroom.worker` does this in the background).
unwrapOrThrow(await strongroom.audit.integrate(tenantId));
const entries = unwrapOrThrow(await strongroom.audit.entries(tenantId, 0, 100));
const logged = entries
  .map(({ index, leaf }) => ({ index, entry: JSON.parse(leaf) as AuditEntry }))
  .find(({ entry }) => entry.action === LEDGER_AUDIT_ACTIONS.transfersCreated);
const verified = unwrapOrThrow(await strongroom.audit.verify(tenantId));
console.log(
  `audit: ${logged?.entry.action} is entry #${logged?.index} (${logged?.entry.outcome}); ` +
    `the log of ${verified.treeSize} entries verifies against its signed checkpoint`,
);

await strongroom.close();
