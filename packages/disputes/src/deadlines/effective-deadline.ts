import { assert } from '@strongroom/kernel';
import type { ProviderDeadline } from './provider-deadline.js';
import type { StageDeadline } from './stage-deadline.js';

/** Where an effective deadline came from. */
export type DeadlineSource = 'provider' | 'network';

/**
 * The deadline that applies to the merchant: a due instant, the provider's word that there is
 * nothing to defend, or `none` when neither the provider nor the network rules give one.
 */
export type EffectiveDeadline =
  | {
      readonly kind: 'due';
      readonly dueAt: Date;
      readonly source: DeadlineSource;
      /** False when the instant is an unconfirmed network default. */
      readonly confirmed: boolean;
    }
  | { readonly kind: 'not_defendable'; readonly source: 'provider' }
  | { readonly kind: 'none' };

/** The two candidate deadlines of a stage; either may be missing. */
export interface DeadlineCandidates {
  readonly network: StageDeadline | null;
  readonly provider: ProviderDeadline | null;
}

/**
 * Picks the deadline that applies. The provider's wins whenever it gives one, even when later
 * than the network's, because its cut-off is the one its systems enforce and is normally shorter
 * than the network's (reference: "that deadline wins"; Stripe "normally 7 to 21 days").
 */
export function effectiveDeadline(candidates: DeadlineCandidates): EffectiveDeadline {
  const { network, provider } = candidates;
  if (provider !== null) {
    if (provider.kind === 'not_defendable') {
      return Object.freeze({ kind: 'not_defendable', source: 'provider' });
    }
    assert(Number.isFinite(provider.dueAt.getTime()), 'provider deadline must be a valid Date');
    return Object.freeze({
      kind: 'due',
      dueAt: new Date(provider.dueAt.getTime()),
      source: 'provider',
      confirmed: true,
    });
  }
  if (network !== null) {
    return Object.freeze({
      kind: 'due',
      dueAt: new Date(network.dueAt.getTime()),
      source: 'network',
      confirmed: network.confirmed,
    });
  }
  return Object.freeze({ kind: 'none' });
}
