import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { exportLog } from '@strongroom/audit';
import type { TenantId } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';

/**
 * Writes a tenant's audit log to a new file as JSON Lines (the latest signed checkpoint, then every
 * entry) and returns the log's public keys, which `strongroom-audit verify` checks it against.
 */
export async function exportAuditLog(
  strongroom: Strongroom,
  tenantId: TenantId,
  path: string,
): Promise<readonly string[]> {
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  for await (const line of exportLog(strongroom.storage, tenantId)) {
    if (!file.write(`${line}\n`)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  return strongroom.audit.signers(tenantId).map((signer) => signer.vkey);
}
