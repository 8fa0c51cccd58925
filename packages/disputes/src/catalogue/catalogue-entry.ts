import {
  EVIDENCE_PROFILE_REQUIREMENTS,
  type EvidenceProfile,
} from '../evidence/evidence-profiles.js';
import type { ReasonCodeNetwork } from './card-network.js';
import type { DisputeCategory, VisaFlow } from './dispute-category.js';
import type { IssuerFilingRule } from './issuer-filing-rule.js';
import type { StageWindows } from './network-stage.js';
import type { ReasonCode } from './reason-code.js';

/** The parts of a catalogue entry written out in the network data files. */
export interface CatalogueEntrySpec {
  readonly network: ReasonCodeNetwork;
  readonly code: string;
  readonly name: string;
  readonly category: DisputeCategory;
  readonly visaFlow: VisaFlow | null;
  readonly issuerFiling: IssuerFilingRule;
  readonly stages: StageWindows;
  readonly evidenceProfile: EvidenceProfile;
}

/** Builds a frozen {@link ReasonCode}; pre-arbitration is skipped when its stage is absent. */
export function catalogueEntry(spec: CatalogueEntrySpec): ReasonCode {
  return Object.freeze({
    ...spec,
    skipsPreArbitration: spec.stages.pre_arbitration === null,
    evidence: EVIDENCE_PROFILE_REQUIREMENTS[spec.evidenceProfile],
  });
}

/** Builds the entries of one network whose codes share a filing rule and stage windows. */
export type NetworkEntryBuilder = (
  code: string,
  name: string,
  category: DisputeCategory,
  evidenceProfile: EvidenceProfile,
) => ReasonCode;

/** A {@link NetworkEntryBuilder} for a network outside Visa's flows (Amex, Discover). */
export function networkEntryBuilder(
  network: ReasonCodeNetwork,
  issuerFiling: IssuerFilingRule,
  stages: () => StageWindows,
): NetworkEntryBuilder {
  return (code, name, category, evidenceProfile) =>
    catalogueEntry({
      network,
      code,
      name,
      category,
      visaFlow: null,
      issuerFiling,
      stages: stages(),
      evidenceProfile,
    });
}
