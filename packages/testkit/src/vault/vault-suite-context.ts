import {
  AUDIT_COLLECTIONS,
  type AuditActor,
  type AuditEntry,
  type AuditLog,
  openCheckpoint,
  verifyAuditInclusionProof,
} from '@strongroom/audit';
import {
  ok,
  type Storage,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { CARD_PERMISSIONS, type CardPrincipal } from '@strongroom/vault';
import { expect } from 'vitest';
import type { RecordTamperer } from '../storage/record-tamperer.js';
import type { SensitiveValues } from './sensitive-values.js';
import { dumpedRowCollection } from './stored-data-scan.js';
import type { SuiteVault, SuiteVaultOptions } from './suite-vault.js';

/** What every group of vault cases receives: the storage under test and ways to use it. */
export interface VaultSuiteContext {
  storage(): Storage;
  /** Raw access below the port; its `dump()` is what the scan reads. */
  tamper(): RecordTamperer;
  /** A vault over the storage under test (see `createSuiteVault`), closed after the case. */
  vault(options?: SuiteVaultOptions): Promise<SuiteVault>;
  /** A tenant no other case uses, remembered so the scan can mask its digits. */
  tenant(label?: string): TenantId;
  /** Everything the run handed the vault that must never be stored in plaintext. */
  readonly sensitive: SensitiveValues;
}

/** The user every case acts as. */
export const SUITE_ACTOR: AuditActor = { type: 'user', id: 'usr_01h455vb4pex5vsknk084sn02q' };

/** A principal holding exactly `permissions` (every card permission by default). */
export function principal(
  permissions: Iterable<string> = Object.values(CARD_PERMISSIONS),
): CardPrincipal {
  return { actor: SUITE_ACTOR, permissions: new Set(permissions) };
}

/** Sequences every pending leaf of the tenant's log; returns how many were integrated. */
export async function drainAudit(audit: AuditLog, tenantId: TenantId): Promise<number> {
  let integrated = 0;
  for (;;) {
    const batch = unwrapOrThrow(await audit.integrate(tenantId));
    if (batch.integrated === 0) return integrated;
    integrated += batch.integrated;
  }
}

/** Every record of a collection, read through the port, all pages. */
export async function listRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
): Promise<StoredRecord[]> {
  return unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      const records: StoredRecord[] = [];
      let page = await tx.records.list(collection, { limit: 100 });
      records.push(...page.items);
      while (page.next !== null) {
        page = await tx.records.list(collection, { limit: 100, after: page.next });
        records.push(...page.items);
      }
      return ok(records);
    }),
  );
}

/**
 * Sequences the tenant's log, reads its integrated entries back, and proves each entry matching
 * `predicate` is in the tree of the latest signed checkpoint. Returns those entries.
 */
export async function provenAuditEntries(
  audit: AuditLog,
  storage: Storage,
  tenantId: TenantId,
  predicate: (entry: AuditEntry) => boolean,
): Promise<AuditEntry[]> {
  await drainAudit(audit, tenantId);
  const entries = (await listRecords(storage, tenantId, AUDIT_COLLECTIONS.entries)).map(
    (record) => JSON.parse(String(record.data['leaf'])) as AuditEntry,
  );
  const matching = entries.filter(predicate);
  const note = unwrapOrThrow(await audit.latestCheckpoint(tenantId));
  if (note === null) throw new Error('the log has no checkpoint after integration');
  const verifiers = audit.signers(tenantId).map((signer) => signer.verifier);
  const checkpoint = unwrapOrThrow(openCheckpoint(note, verifiers));
  for (const entry of matching) {
    const proof = unwrapOrThrow(await audit.inclusionProof(tenantId, entry.id));
    expect(verifyAuditInclusionProof(proof, checkpoint.rootHash).isOk(), entry.action).toBe(true);
  }
  return matching;
}

/** The raw dumped rows of one collection (all tenants), as the backend stores them. */
export async function dumpedRows(tamper: RecordTamperer, collection: string): Promise<string[]> {
  return (await tamper.dump()).filter((row) => dumpedRowCollection(row) === collection);
}
