import { isSecretKeyName } from '@strongroom/audit';
import { findSecretsInText } from './find-secrets-in-text.js';
import type { SecretFinding } from './secret-finding.js';

// Deeper than any log line the SDK writes (the logger cuts values at depth 6).
const DEPTH_MAX = 16;
const REDACTED_VALUES = new Set(['[redacted]', '[truncated]']);

function unredactedSecretFields(value: unknown, path: string, depth: number): string[] {
  if (typeof value !== 'object' || value === null || depth > DEPTH_MAX) return [];
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const itemPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const kept = item !== null && item !== undefined && !REDACTED_VALUES.has(String(item));
    if (!Array.isArray(value) && isSecretKeyName(key) && kept) found.push(itemPath);
    else found.push(...unredactedSecretFields(item, itemPath, depth + 1));
  }
  return found;
}

/**
 * Scans one log line: the rules of {@link findSecretsInText}, and for a JSON line every field
 * named like a secret (`password`, `token`, `authorization`, `cvv`, … as the audit guard names
 * them) that holds a value instead of the logger's redaction marker.
 */
export function scanLogLine(line: string, where: string): SecretFinding[] {
  const findings = findSecretsInText(line, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return findings;
  }
  for (const path of unredactedSecretFields(parsed, '$', 0)) {
    findings.push({ kind: 'unredacted_log_field', where, hint: `a value at ${path}` });
  }
  return findings;
}
