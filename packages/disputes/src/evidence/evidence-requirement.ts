import type { EvidenceField } from './evidence-field.js';

/**
 * How strongly a reason code asks for evidence, after Adyen's defense-document requirement
 * levels (reference §5, `Adyen/adyen-openapi` DisputeService-v30 (P)): `required` is Adyen's
 * Required; `one_of` stands for OneOrMore and AlternativeRequired (at least one of a group);
 * `optional` is Optional.
 */
export type EvidenceRequirementLevel = 'required' | 'one_of' | 'optional';

/**
 * One requirement of a reason code: `fields` holds one field for `required` and `optional`,
 * and the alternatives (at least two) for `one_of`. Satisfied by any evidence item whose field
 * is in `fields`.
 */
export interface EvidenceRequirement {
  readonly level: EvidenceRequirementLevel;
  readonly fields: readonly EvidenceField[];
}
