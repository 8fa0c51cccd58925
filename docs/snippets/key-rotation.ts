import type { AuditActor } from '@strongroom/audit';
import { type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';
import { CARD_KEK_DEFAULT, FIELDS_KEK_DEFAULT, type TenantRewrapProgress } from '@strongroom/vault';

/** Pages one call of a rewrap job commits before it returns, to be called again. */
const REWRAP_PAGES_PER_CALL = 100;

/** The vault's KEKs: card envelopes under `cards`, subject keys under `fields`. */
const VAULT_KEKS = [CARD_KEK_DEFAULT, FIELDS_KEK_DEFAULT];

/** Step 1: a new version of each vault KEK; new data keys and subject keys use it at once. */
export async function rotateVaultKeys(strongroom: Strongroom, operator: AuditActor) {
  for (const kek of VAULT_KEKS) {
    const rotated = unwrapOrThrow(await strongroom.vault.keys.rotate(kek, operator));
    console.log(`${kek}: version ${rotated.currentVersion} is current`);
  }
}

/**
 * Step 2: every stored card envelope and subject key of every tenant moved to the current versions,
 * without decrypting any data. Safe to stop and run again: the same `jobId` resumes where it
 * stopped, and a completed job does nothing. True when nothing was left behind: a record changed
 * during the job (a conflict) waits for a job under a new `jobId`; a value the cipher refused
 * (failed: malformed, or already under a retired version) needs an operator.
 */
export async function rewrapTenants(
  strongroom: Strongroom,
  tenants: readonly TenantId[],
  jobId: string,
): Promise<boolean> {
  let leftBehind = 0;
  for (const tenantId of tenants) {
    let progress: TenantRewrapProgress;
    do {
      progress = unwrapOrThrow(
        await strongroom.vault.rewrapTenant({ tenantId, jobId, maxPages: REWRAP_PAGES_PER_CALL }),
      );
    } while (progress.envelopes.status === 'running' || progress.subjectKeys.status === 'running');
    const { envelopes, subjectKeys } = progress;
    const left =
      envelopes.conflicts + envelopes.failed + subjectKeys.conflicts + subjectKeys.failed;
    console.log(
      `${tenantId}: ${envelopes.rewrapped + subjectKeys.rewrapped} rewrapped, ${left} left`,
    );
    leftBehind += left;
  }
  return leftBehind === 0;
}

/** Each KEK version's state (`active`, `decrypt_only`, `retired`) and whether rotation is due. */
export async function reportKeyVersions(strongroom: Strongroom, tenantIds: readonly TenantId[]) {
  for (const kek of VAULT_KEKS) {
    const described = unwrapOrThrow(await strongroom.vault.keys.describe(kek, { tenantIds }));
    const states = described.versions.map((version) => `v${version.version} ${version.status}`);
    console.log(`${kek}: ${states.join(', ')}; rotation due: ${described.rotationDue}`);
  }
}
