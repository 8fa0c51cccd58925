import type { EvidenceProfile } from '../evidence/evidence-profiles.js';
import type { EvidenceRequirement } from '../evidence/evidence-requirement.js';
import type { ReasonCodeNetwork } from './card-network.js';
import type { DisputeCategory, VisaFlow } from './dispute-category.js';
import type { IssuerFilingRule } from './issuer-filing-rule.js';
import type { StageWindows } from './network-stage.js';

/** One reason code of the catalogue, with the rules the deadlines and the evidence checklist use. */
export interface ReasonCode {
  readonly network: ReasonCodeNetwork;
  /** The normalized code: trimmed, upper-case (`10.4`, `4853`, `F24`, `UA02`). */
  readonly code: string;
  readonly name: string;
  readonly category: DisputeCategory;
  /** The Visa flow; `null` for other networks and for Visa codes outside the known families. */
  readonly visaFlow: VisaFlow | null;
  /** The issuer's time limit for filing the dispute. */
  readonly issuerFiling: IssuerFilingRule;
  /** The time limit of each later stage; `stages.dispute_response` is the merchant's window. */
  readonly stages: StageWindows;
  /** The network skips pre-arbitration and goes straight to arbitration (Mastercard 4808…). */
  readonly skipsPreArbitration: boolean;
  /** The evidence set this code asks for (see `EvidenceProfile`: our mapping). */
  readonly evidenceProfile: EvidenceProfile;
  readonly evidence: readonly EvidenceRequirement[];
}

/** The network and code as looked up, after normalization (trimmed; network lower-case). */
export interface ReasonCodeQuery {
  readonly network: string;
  readonly code: string;
}

/**
 * The answer of a lookup: a `known` entry; a `mapped` legacy code, answered with the entry of
 * its current code; or an `unknown` code (or network), answered with conservative defaults and
 * never refused, because providers send codes no catalogue has heard of yet.
 */
export type ReasonCodeMatch =
  | { readonly resolution: 'known'; readonly query: ReasonCodeQuery; readonly entry: ReasonCode }
  | {
      readonly resolution: 'mapped';
      readonly query: ReasonCodeQuery;
      readonly entry: ReasonCode;
      /** The legacy code's own name. */
      readonly legacyName: string;
      /** False where the reference gives no target and the mapping is ours. */
      readonly mappingConfirmed: boolean;
    }
  | { readonly resolution: 'unknown'; readonly query: ReasonCodeQuery; readonly entry: ReasonCode };
