import { assert } from '@strongroom/kernel';
import type { ReasonCode } from '../catalogue/reason-code.js';
import type { EvidenceItem } from './evidence-item.js';
import { EVIDENCE_ITEMS_PER_DISPUTE_MAX } from './evidence-limits.js';
import type { EvidenceRequirement } from './evidence-requirement.js';

/** How the evidence of a dispute measures up against its reason code's requirements. */
export interface EvidenceChecklist {
  /** Every `required` and `one_of` requirement is satisfied (optional ones never block). */
  readonly complete: boolean;
  /** Requirements of any level that some item satisfies, in the entry's order. */
  readonly satisfied: readonly EvidenceRequirement[];
  /** `required` and `one_of` requirements no item satisfies yet. */
  readonly missing: readonly EvidenceRequirement[];
  /** `optional` requirements no item satisfies: worth adding, not blocking. */
  readonly optionalMissing: readonly EvidenceRequirement[];
  /** Fields of items that no requirement names; still evidence, just not asked for. */
  readonly unlistedFields: readonly string[];
}

/**
 * Checks evidence items against a reason code's requirements: a requirement is satisfied by any
 * item whose field it names (one for `required`/`optional`, any of the group for `one_of`).
 */
export function evidenceChecklist(
  entry: Pick<ReasonCode, 'evidence'>,
  items: readonly EvidenceItem[],
): EvidenceChecklist {
  assert(items.length <= EVIDENCE_ITEMS_PER_DISPUTE_MAX, 'evidence lists are bounded when parsed');
  const provided = new Set(items.map((item) => item.field));
  const satisfied: EvidenceRequirement[] = [];
  const missing: EvidenceRequirement[] = [];
  const optionalMissing: EvidenceRequirement[] = [];
  const listed = new Set<string>();
  for (const requirement of entry.evidence) {
    for (const field of requirement.fields) listed.add(field);
    if (requirement.fields.some((field) => provided.has(field))) satisfied.push(requirement);
    else if (requirement.level === 'optional') optionalMissing.push(requirement);
    else missing.push(requirement);
  }
  return Object.freeze({
    complete: missing.length === 0,
    satisfied: Object.freeze(satisfied),
    missing: Object.freeze(missing),
    optionalMissing: Object.freeze(optionalMissing),
    unlistedFields: Object.freeze([...provided].filter((field) => !listed.has(field))),
  });
}
