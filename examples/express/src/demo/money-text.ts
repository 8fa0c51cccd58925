import { formatMoney, moneyFromMinorUnits, unwrapOrThrow } from '@strongroom/kernel';

/** An amount of minor units (a wire decimal string or a bigint) as `120.00 USD`. */
export function moneyText(amountMinor: string | bigint, currency = 'USD'): string {
  const money = unwrapOrThrow(moneyFromMinorUnits(BigInt(amountMinor), currency));
  return `${formatMoney(money)} ${currency}`;
}
