/** The card networks whose dispute rules the catalogue knows. */
export type CardNetwork = 'visa' | 'mastercard' | 'amex' | 'discover';

/** Every {@link CardNetwork}, for parsing and exhaustive tests. */
export const CARD_NETWORKS: readonly CardNetwork[] = Object.freeze([
  'visa',
  'mastercard',
  'amex',
  'discover',
]);

/**
 * The network of a catalogue entry: `unknown` for a network the catalogue has no rules for (JCB,
 * UnionPay…), whose disputes are still accepted with conservative defaults.
 */
export type ReasonCodeNetwork = CardNetwork | 'unknown';

/** Whether a (normalized) name is one of the known {@link CardNetwork}s. */
export function isCardNetwork(name: string): name is CardNetwork {
  return (CARD_NETWORKS as readonly string[]).includes(name);
}
