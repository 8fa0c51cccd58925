import type { ReasonCodeNetwork } from '../catalogue/card-network.js';
import type { DeadlineSource } from '../deadlines/effective-deadline.js';
import type { EvidenceItem } from '../evidence/evidence-item.js';

/** The card network a dispute comes from; `unknown` when the provider does not say. */
export type DisputeNetwork = ReasonCodeNetwork;

/**
 * The disputed amount as it travels in events: minor units as a decimal string. It may be part
 * of the transfer, and in another currency than the transfer's (reference/disputes.md §4).
 */
export type DisputeAmount = {
  readonly amountMinor: string;
  readonly currency: string;
};

/** Who carries the dispute and under which id: `{ provider: 'stripe', providerDisputeId: 'dp_…' }`. */
export type ProviderReference = {
  readonly provider: string;
  readonly providerDisputeId: string;
};

/**
 * When the merchant must respond by: nothing due, a due time, or `not_defendable` (Stripe
 * `due_by = 0`, Adyen `defendable = false`: the issuer allows no response).
 */
export type ResponseDeadline =
  | { readonly kind: 'none' }
  | { readonly kind: 'due'; readonly dueAt: string; readonly source: DeadlineSource }
  | { readonly kind: 'not_defendable' };

/** The deadline of a state nobody is asked to respond in. */
export const NO_DEADLINE: ResponseDeadline = Object.freeze({ kind: 'none' });

/**
 * An evidence item in the plain object shape JSON payloads need (an interface has no index
 * signature, so it is not assignable to `JsonObject`); the same fields as {@link EvidenceItem}.
 */
export type EvidenceItemJson = PlainObject<EvidenceItem>;

/** A shape as a plain object type; distributes over a union, so each variant keeps its own fields. */
export type PlainObject<Shape> = Shape extends unknown
  ? { readonly [Key in keyof Shape]: Shape[Key] }
  : never;
