import type { ProviderOpening } from './provider-notification.js';

/** The network of a normalized dispute opening. */
export type ProviderCardNetwork = ProviderOpening['network'];

// Brand names as the providers spell them: Stripe `payment_method_details.card.brand` (`visa`,
// `mastercard`, `amex`, `discover`), Adyen `paymentMethod` / `chargebackSchemeCode` (`visa`,
// `mc`, `amex`, `discover`). Other brands (JCB, UnionPay, Diners, Cartes Bancaires…) have no
// rules in the catalogue and stay `unknown`.
const NETWORK_OF_BRAND: ReadonlyMap<string, ProviderCardNetwork> = new Map([
  ['visa', 'visa'],
  ['mastercard', 'mastercard'],
  ['mc', 'mastercard'],
  ['amex', 'amex'],
  ['americanexpress', 'amex'],
  ['discover', 'discover'],
]);

/**
 * The card network of a provider's brand name, case- and separator-insensitive; Adyen wallet
 * variants (`visa_applepay`, `mc_googlepay`) count as their card's brand. `unknown` when the
 * brand is missing or has no catalogue rules.
 */
export function cardNetworkOfBrand(brand: string | null | undefined): ProviderCardNetwork {
  if (brand === null || brand === undefined) return 'unknown';
  const lower = brand.trim().toLowerCase();
  const compact = lower.replace(/[^a-z]/g, '');
  const base = (lower.split('_')[0] ?? '').replace(/[^a-z]/g, '');
  return NETWORK_OF_BRAND.get(compact) ?? NETWORK_OF_BRAND.get(base) ?? 'unknown';
}
