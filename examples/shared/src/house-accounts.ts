import type { DisputeHouseAccounts } from '@strongroom/disputes';
import type { TenantId } from '@strongroom/kernel';
import type { AccountInput } from '@strongroom/ledger';
import type { Strongroom } from '@strongroom/sdk';

/**
 * The platform's dispute accounts (reserve, fees, losses) of each configured currency. How their
 * ids are chosen is each example's own (kept in a file by Express, derived from names on Lambda):
 * what matters is that every start names the same accounts, since a dispute's money must come
 * back to the reserve it went to.
 */
export type HouseAccountsByCurrency = ReadonlyMap<string, DisputeHouseAccounts>;

/** The ledger code of the house accounts, so statements and queries can tell them apart. */
export const HOUSE_ACCOUNT_CODE = 9_000;

// Every role is named here, or the type check fails: no house account opens without a name.
const ROLE_NAMES = {
  reserveAccountId: 'Dispute reserve',
  feeAccountId: 'Dispute fees payable',
  lossAccountId: 'Chargebacks payable',
} as const satisfies Record<keyof DisputeHouseAccounts, string>;

function houseAccountInputs(currency: string, accounts: DisputeHouseAccounts): AccountInput[] {
  return Object.entries(ROLE_NAMES).map(([role, name]) => ({
    id: accounts[role as keyof DisputeHouseAccounts],
    currency,
    code: HOUSE_ACCOUNT_CODE,
    name: `${name} (${currency})`,
    type: 'liability',
  }));
}

/**
 * Opens the house accounts in the tenant's ledger. Idempotent, so every start (every cold start,
 * on Lambda) may call it: an account that already exists with the same content answers `exists`.
 * Anything else (the same id with other content) stops the start, since disputes would post to an
 * account that is not what it claims to be.
 */
export async function openHouseAccounts(
  strongroom: Strongroom,
  tenantId: TenantId,
  houseAccounts: HouseAccountsByCurrency,
): Promise<void> {
  const inputs = [...houseAccounts].flatMap(([currency, accounts]) =>
    houseAccountInputs(currency, accounts),
  );
  const results = await strongroom.ledger.createAccounts(tenantId, inputs);
  if (results.isErr())
    throw new Error(`the house accounts could not be opened: ${results.error.type}`);
  for (const result of results.value) {
    if (result.status !== 'created' && result.status !== 'exists')
      throw new Error(`house account ${result.id} could not be opened: ${result.status}`);
  }
}
