import { openCheckpoint, verifyAuditInclusionProof } from '@strongroom/audit';
import type { ResolvedPayment } from '@strongroom/disputes';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { parseTenantId, systemClock, typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
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
  type DisputeStoryOutcome,
  demoDisputeOptions,
  disputeStoryAccounts,
  runDisputeStory,
} from './disputes.js';
import { type MoneyStoryOutcome, runMoneyStory } from './money.js';
import { DemoMailbox, type PeopleStoryOutcome, runPeopleStory } from './people.js';

/** What the quickstart ends with, so its test can check the story rather than the printout. */
export interface QuickstartOutcome {
  readonly money: Omit<MoneyStoryOutcome, 'transferLeafId'>;
  readonly cards: CardStoryOutcome;
  readonly people: PeopleStoryOutcome;
  readonly disputes: DisputeStoryOutcome;
  readonly treeSize: number;
  readonly proofVerified: boolean;
  readonly logVerified: boolean;
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
  const versioned = () => {
    const value = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    return JSON.stringify({ versions: [{ version: 1, value }] });
  };
  return createEnvironmentSecretProvider({
    STRONGROOM_SECRET_CARD_FINGERPRINT: versioned(),
    STRONGROOM_SECRET_BLIND_INDEX: versioned(),
  });
}

/**
 * The quickstart story on embedded PGlite: money moved on the ledger (an overdraft refused, a
 * retry answered `exists`), a card tokenized and revealed under permissions, a user registered,
 * verified and signed in (with refresh-token reuse caught), a chargeback taken from Stripe's
 * webhooks to a win with its money in the ledger and its events relayed, then the transfer's
 * audit entry proven in the log's signed checkpoint and the whole log verified.
 */
export async function runQuickstart(print: (line: string) => void): Promise<QuickstartOutcome> {
  const storage = await createPGliteStorage();
  const mailbox = new DemoMailbox();
  const disputeAccounts = disputeStoryAccounts(typeIdGenerator);
  const payments = new Map<string, ResolvedPayment>();
  const strongroom = createStrongroom({
    storage,
    audit: {
      signing: {
        originPrefix: 'audit.quickstart.example',
        masterSeeds: [crypto.getRandomValues(new Uint8Array(32))],
      },
    },
    vault: { kms: createSoftwareKms({ keyring: demoKeyring() }), secrets: demoSecrets() },
    identity: {
      passwordHasher: createArgon2PasswordHasher(),
      sender: mailbox,
      tokens: {
        issuer: 'https://auth.quickstart.example',
        audience: 'https://api.quickstart.example',
      },
    },
    disputes: demoDisputeOptions(disputeAccounts, payments),
  });
  try {
    unwrapOrThrow(await strongroom.prepareKeys());
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const { transferLeafId, ...money } = await runMoneyStory(strongroom, tenantId, print);
    const cards = await runCardStory(strongroom, tenantId, print);
    const people = await runPeopleStory(strongroom, tenantId, mailbox, print);
    const disputes = await runDisputeStory(strongroom, tenantId, disputeAccounts, payments, print);

    const sequenced = unwrapOrThrow(
      await strongroom.audit.waitForSequencing(tenantId, transferLeafId),
    );
    unwrapOrThrow(await strongroom.audit.integrate(tenantId));
    const checkpoint = unwrapOrThrow(await strongroom.audit.latestCheckpoint(tenantId)) ?? '';
    const verifiers = strongroom.audit.signers(tenantId).map((signer) => signer.verifier);
    const opened = unwrapOrThrow(openCheckpoint(checkpoint, verifiers));
    print(
      `the transfer's audit leaf ${transferLeafId} is entry #${sequenced.index}; signed checkpoint:\n${checkpoint}`,
    );
    const proof = unwrapOrThrow(
      await strongroom.audit.inclusionProof(tenantId, transferLeafId, opened.treeSize),
    );
    const included = verifyAuditInclusionProof(proof, opened.rootHash);
    print(`inclusion proof against the signed root: ${included.isOk() ? 'verified' : 'FAILED'}`);
    const verified = await strongroom.audit.verify(tenantId);
    print(
      `full log verification: ${verified.isOk() ? `${verified.value.treeSize} entries verified` : 'FAILED'}`,
    );
    return {
      money,
      cards,
      people,
      disputes,
      treeSize: opened.treeSize,
      proofVerified: included.isOk(),
      logVerified: verified.isOk(),
    };
  } finally {
    await strongroom.close();
  }
}
