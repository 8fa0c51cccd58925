import type { VisaFlow } from './dispute-category.js';
import type { StageActor, StageWindow, StageWindows } from './network-stage.js';

/**
 * Visa's stage windows (reference §1 "Stages"). In Allocation the merchant's answer to the
 * dispute is itself a pre-arbitration filing, so both windows run from the dispute processing
 * date; in Collaboration the issuer files pre-arbitration after the merchant's response. For a
 * Visa code of no known family (`flow` null) every stage is assumed to be the merchant's, so
 * that no reminder is lost.
 */
export function visaStageWindows(flow: VisaFlow | null): StageWindows {
  const initiator: StageActor = flow === 'collaboration' ? 'issuer' : 'merchant';
  const responder: StageActor = flow === 'allocation' ? 'issuer' : 'merchant';
  return Object.freeze({
    // 30 d from the dispute processing date: chargeback.com (S).
    dispute_response: stageWindow(30, 'merchant', true),
    // 30 d: chargeflow network-timelines (S); help.chargeback.com (S).
    pre_arbitration: stageWindow(30, initiator, true),
    // 30 d: Quavo "Visa Inbound Pre-Arbitration Response" (P-ish).
    pre_arbitration_response: stageWindow(30, responder, true),
    // 10 d after the pre-arb response, by the pre-arb initiator: docs.chargeflow.io (S;
    // unconfirmed against Visa rules).
    arbitration: stageWindow(10, initiator, false),
  });
}

/**
 * Mastercard's stage windows (reference §2 "Cycle"). Codes that skip pre-arbitration have no
 * pre-arbitration stages.
 */
export function mastercardStageWindows(skipsPreArbitration: boolean): StageWindows {
  return Object.freeze({
    // Second presentment 45 d: chargebacks911 (S); Adyen issuing docs.
    dispute_response: stageWindow(45, 'merchant', true),
    // Issuer's pre-arbitration filing 45 d: chargeflow (S; unconfirmed).
    pre_arbitration: skipsPreArbitration ? null : stageWindow(45, 'issuer', false),
    // 30 d, then Mastercard auto-accepts on the acquirer's behalf (since 17-Oct-2021): Quavo.
    pre_arbitration_response: skipsPreArbitration
      ? null
      : stageWindow(30, 'merchant', true, { autoAccepted: true }),
    // Issuer's arbitration filing 45 d: (S; unconfirmed).
    arbitration: stageWindow(45, 'issuer', false),
  });
}

/**
 * American Express: only the merchant response window is in the reference (20 d, chargeflow
 * (S), reference §3). Later stages are not described there; they default to the same 20 days,
 * unconfirmed, so that a merchant is never told it has longer than the one figure known.
 */
export function amexStageWindows(): StageWindows {
  return sameWindowEveryStage(20, true);
}

/**
 * Discover: merchant response 30 d (S; unconfirmed, reference §3); later stages are not
 * described and default to the same 30 days, unconfirmed.
 */
export function discoverStageWindows(): StageWindows {
  return sameWindowEveryStage(30, false);
}

/**
 * A network the catalogue does not know: the shortest windows in the reference, so that a
 * deadline is never later than the real one could be. Response 20 d (Amex, the shortest merchant
 * response window); later stages 10 d (Visa arbitration, the shortest stage window).
 */
export function unknownNetworkStageWindows(): StageWindows {
  return Object.freeze({
    dispute_response: stageWindow(20, 'merchant', false),
    pre_arbitration: stageWindow(10, 'merchant', false),
    pre_arbitration_response: stageWindow(10, 'merchant', false),
    arbitration: stageWindow(10, 'merchant', false),
  });
}

function sameWindowEveryStage(days: number, responseConfirmed: boolean): StageWindows {
  return Object.freeze({
    dispute_response: stageWindow(days, 'merchant', responseConfirmed),
    pre_arbitration: stageWindow(days, 'merchant', false),
    pre_arbitration_response: stageWindow(days, 'merchant', false),
    arbitration: stageWindow(days, 'merchant', false),
  });
}

function stageWindow(
  days: number,
  actor: StageActor,
  confirmed: boolean,
  options: { readonly autoAccepted?: boolean } = {},
): StageWindow {
  return Object.freeze({
    days,
    actor,
    autoAccepted: options.autoAccepted ?? false,
    confirmed,
    overridden: false,
  });
}
