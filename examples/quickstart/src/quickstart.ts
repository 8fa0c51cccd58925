import { type AuditEntryError, openCheckpoint, verifyAuditInclusionProof } from '@strongroom/audit';
import {
  err,
  ok,
  parseMoney,
  parseTenantId,
  systemClock,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import { createStrongroom } from '@strongroom/sdk';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
  type SoftwareKeyring,
  softwareKeyringFromEnvironment,
} from '@strongroom/vault';
import { type CardStoryOutcome, runCardStory } from './cards.js';
import {
  describeBalance,
  openWallet,
  type TransferError,
  transfer,
  type Wallet,
} from './wallets.js';

interface Moved {
  readonly from: Wallet;
  readonly to: Wallet;
  readonly leafId: string;
}

/** What the quickstart ends with, so its test can check the story rather than the printout. */
export interface QuickstartOutcome {
  readonly balances: Readonly<Record<string, string>>;
  readonly refusal: string;
  readonly treeSize: number;
  readonly proofVerified: boolean;
  readonly logVerified: boolean;
  readonly cards: CardStoryOutcome;
}

/**
 * The software KMS's keyring: `STRONGROOM_KMS_KEYRING` when set (as a deployment would keep it,
 * or a file through `@strongroom/vault/node`), else a fresh one that lives as long as the demo.
 */
function demoKeyring(): SoftwareKeyring {
  const configured = process.env['STRONGROOM_KMS_KEYRING'];
  if (configured === undefined) return generateSoftwareKeyring(['cards', 'fields'], systemClock);
  return unwrapOrThrow(softwareKeyringFromEnvironment(configured));
}

/** The vault's two secrets, fresh for the demo: the card fingerprint and blind-index keys. */
function demoSecrets() {
  const versioned = () =>
    JSON.stringify({
      versions: [
        {
          version: 1,
          value: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'),
        },
      ],
    });
  return createEnvironmentSecretProvider({
    STRONGROOM_SECRET_CARD_FINGERPRINT: versioned(),
    STRONGROOM_SECRET_BLIND_INDEX: versioned(),
  });
}

/**
 * The quickstart story on embedded PGlite: open two wallets, move 12.30 USD between them with the
 * balance changes, an outbox event and an audit leaf in ONE transaction, see an overdraft refused
 * with a typed error that leaves nothing behind, then prove the transfer's audit entry is in the
 * log's signed checkpoint and verify the whole log.
 */
export async function runQuickstart(print: (line: string) => void): Promise<QuickstartOutcome> {
  const storage = await createPGliteStorage();
  const strongroom = createStrongroom({
    storage,
    audit: {
      signing: {
        originPrefix: 'audit.quickstart.example',
        masterSeeds: [crypto.getRandomValues(new Uint8Array(32))],
      },
    },
    vault: { kms: createSoftwareKms({ keyring: demoKeyring() }), secrets: demoSecrets() },
  });
  try {
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const usd = (amount: string) => unwrapOrThrow(parseMoney(amount, 'USD'));

    await strongroom.storage.transaction(tenantId, async (tx) => {
      await openWallet(tx, 'alice', usd('100.00'));
      await openWallet(tx, 'bob', usd('5.00'));
      return ok(null);
    });

    const moved = unwrapOrThrow(
      await strongroom.storage.transaction<Moved, TransferError | AuditEntryError>(
        tenantId,
        async (tx) => {
          const result = await transfer(tx, 'alice', 'bob', usd('12.30'));
          if (result.isErr()) return err(result.error);
          await tx.outbox.append([
            {
              id: strongroom.ids.next('evt'),
              tenantId,
              type: 'example.transfer.completed',
              schemaVersion: 1,
              payload: { from: 'alice', to: 'bob', amount: '12.30', currency: 'USD' },
              occurredAt: strongroom.clock.now(),
              correlationId: typeIdGenerator.next('req'),
              causationId: null,
            },
          ]);
          const receipt = await strongroom.audit.append(tx, {
            actor: { type: 'user', id: 'alice' },
            action: 'example.transfer.completed',
            resource: { type: 'wallet', id: 'alice' },
            outcome: 'succeeded',
            details: { to: 'bob', amount: '12.30', currency: 'USD' },
          });
          if (receipt.isErr()) return err(receipt.error);
          return ok({ ...result.value, leafId: receipt.value.leafId });
        },
      ),
    );
    print(
      `transfer 12.30 USD: alice ${describeBalance(moved.from)}, bob ${describeBalance(moved.to)}`,
    );

    const overdraft = await strongroom.storage.transaction(tenantId, (tx) =>
      transfer(tx, 'bob', 'alice', usd('1000.00')),
    );
    const refusal = overdraft.isErr() ? overdraft.error.type : 'accepted';
    print(`transfer 1000.00 USD from bob: refused with ${refusal}`);

    const cards = await runCardStory(strongroom, tenantId, print);

    const sequenced = unwrapOrThrow(
      await strongroom.audit.waitForSequencing(tenantId, moved.leafId),
    );
    const checkpoint = unwrapOrThrow(await strongroom.audit.latestCheckpoint(tenantId)) ?? '';
    const verifiers = strongroom.audit.signers(tenantId).map((signer) => signer.verifier);
    const opened = unwrapOrThrow(openCheckpoint(checkpoint, verifiers));
    print(
      `audit leaf ${moved.leafId} is entry #${sequenced.index}; signed checkpoint:\n${checkpoint}`,
    );

    const proof = unwrapOrThrow(
      await strongroom.audit.inclusionProof(tenantId, moved.leafId, opened.treeSize),
    );
    const included = verifyAuditInclusionProof(proof, opened.rootHash);
    print(`inclusion proof against the signed root: ${included.isOk() ? 'verified' : 'FAILED'}`);
    const verified = await strongroom.audit.verify(tenantId);
    print(
      `full log verification: ${verified.isOk() ? `${verified.value.treeSize} entries verified` : 'FAILED'}`,
    );

    return {
      balances: { alice: describeBalance(moved.from), bob: describeBalance(moved.to) },
      refusal,
      treeSize: opened.treeSize,
      proofVerified: included.isOk(),
      logVerified: verified.isOk(),
      cards,
    };
  } finally {
    await strongroom.close();
  }
}
