import type { EvidenceProfile } from '../evidence/evidence-profiles.js';
import { type CardNetwork, isCardNetwork } from './card-network.js';
import { catalogueEntry } from './catalogue-entry.js';
import { defaultIssuerFilingRule } from './default-issuer-filing.js';
import type { DisputeCategory, VisaFlow } from './dispute-category.js';
import type { StageWindows } from './network-stage.js';
import {
  amexStageWindows,
  discoverStageWindows,
  mastercardStageWindows,
  unknownNetworkStageWindows,
  visaStageWindows,
} from './network-stage-windows.js';
import type { ReasonCode } from './reason-code.js';
import { visaFamilyOf } from './visa-reason-codes.js';

/** The name every entry built for an unknown code carries. */
export const UNKNOWN_REASON_CODE_NAME = 'Unknown reason code';

// The evidence set an unknown code asks for, from the category we could infer.
const PROFILE_OF_CATEGORY: Readonly<Record<DisputeCategory, EvidenceProfile>> = Object.freeze({
  fraud: 'fraud',
  authorization: 'authorization',
  processing_error: 'processing_error',
  consumer_dispute: 'consumer_general',
  inquiry: 'inquiry',
  other: 'general',
});

/**
 * The entry for a code the catalogue does not list, with conservative defaults: the longest
 * issuer window (see `DEFAULT_ISSUER_FILING_DAYS`), the network's own stage windows (the
 * shortest of the reference for an unknown network), and pre-arbitration assumed to happen.
 * A Visa code in a known family (12.8, 13.10 from Antom, reference §1) keeps that family's
 * category and flow, which VCR fixes by the first number.
 */
export function unknownReasonCode(network: string, code: string): ReasonCode {
  const knownNetwork = isCardNetwork(network) ? network : null;
  const family = knownNetwork === 'visa' ? visaFamilyOf(code) : null;
  const category: DisputeCategory = family?.category ?? 'other';
  return catalogueEntry({
    network: knownNetwork ?? 'unknown',
    code,
    name: UNKNOWN_REASON_CODE_NAME,
    category,
    visaFlow: family?.flow ?? null,
    issuerFiling: defaultIssuerFilingRule(
      knownNetwork === 'mastercard' ? 'anchor_day' : 'day_after_anchor',
    ),
    stages: stagesOf(knownNetwork, family?.flow ?? null),
    evidenceProfile: PROFILE_OF_CATEGORY[category],
  });
}

function stagesOf(network: CardNetwork | null, flow: VisaFlow | null): StageWindows {
  switch (network) {
    case 'visa':
      return visaStageWindows(flow);
    case 'mastercard':
      return mastercardStageWindows(false);
    case 'amex':
      return amexStageWindows();
    case 'discover':
      return discoverStageWindows();
    case null:
      return unknownNetworkStageWindows();
  }
}
