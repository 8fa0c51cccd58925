import { findSecretsInText } from './find-secrets-in-text.js';
import type { SecretFinding } from './secret-finding.js';
import { rowsHoldingTokenPreimages } from './secret-token-preimages.js';
import type { StoreRow } from './store-row.js';

/**
 * Scans every row of one store (a database's tables, a DynamoDB table, a Redis key space, a
 * memory storage): the single-row rules of {@link findSecretsInText} plus tokens stored next to
 * their own hashes. `store` names the store in each finding.
 */
export function scanStoreRows(store: string, rows: readonly StoreRow[]): SecretFinding[] {
  const findings = rows.flatMap((row) => findSecretsInText(row.text, `${store} ${row.place}`));
  for (const index of rowsHoldingTokenPreimages(rows.map((row) => row.text))) {
    findings.push({
      kind: 'secret_token',
      where: `${store} ${rows[index]?.place}`,
      hint: 'a token whose SHA-256 is stored too',
    });
  }
  return findings;
}
