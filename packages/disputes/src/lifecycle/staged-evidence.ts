import type { EvidenceItem } from '../evidence/evidence-item.js';
import type { EvidenceItemJson } from './dispute-data.js';

/**
 * The staged items after staging more: an item replaces a staged item of the same field in
 * place (both providers take one value per field), new fields are appended.
 */
export function mergeStagedEvidence(
  staged: readonly EvidenceItem[],
  items: readonly EvidenceItem[],
): readonly EvidenceItem[] {
  const byField = new Map(items.map((item) => [item.field, item]));
  const replaced = staged.map((item) => byField.get(item.field) ?? item);
  const stagedFields = new Set(staged.map((item) => item.field));
  return [...replaced, ...items.filter((item) => !stagedFields.has(item.field))];
}

/** An evidence item as an event payload holds it: exactly its known fields, nothing extra. */
export function evidenceItemToJson(item: EvidenceItem): EvidenceItemJson {
  if (item.kind === 'text') return { kind: 'text', field: item.field, text: item.text };
  return {
    kind: 'document',
    field: item.field,
    reference: item.reference,
    sha256: item.sha256,
    sizeBytes: item.sizeBytes,
    mediaType: item.mediaType,
  };
}
