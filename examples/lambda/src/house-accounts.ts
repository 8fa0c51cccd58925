import { createHash } from 'node:crypto';
import type { DisputeHouseAccounts } from '@strongroom/disputes';
import { type Id, parseId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { AccountInput } from '@strongroom/ledger';
import type { Strongroom } from '@strongroom/sdk';
import { TypeID } from 'typeid-js';

/** The platform's dispute accounts (reserve, fees, losses) of each supported currency. */
export type HouseAccountsByCurrency = ReadonlyMap<string, DisputeHouseAccounts>;

/** The ledger code of the house accounts, so statements and queries can tell them apart. */
export const HOUSE_ACCOUNT_CODE = 9_000;

const ROLES = {
  reserveAccountId: 'Dispute reserve',
  feeAccountId: 'Dispute fees payable',
  lossAccountId: 'Chargebacks payable',
} as const satisfies Record<keyof DisputeHouseAccounts, string>;

// A name-based id (a UUIDv8 over SHA-256 of the currency and role): a Lambda has no disk to keep
// ids it chose, and every instance, cold start and concurrent start must name the same accounts,
// so that opening them is idempotent and a dispute's money comes back to the reserve it went to.
function derivedAccountId(currency: string, role: keyof DisputeHouseAccounts): Id<'acc'> {
  const bytes = createHash('sha256')
    .update(`strongroom-example/house-account/v1\0${currency}\0${role}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return unwrapOrThrow(parseId('acc', TypeID.fromUUIDBytes('acc', bytes).toString()));
}

/** The house account ids of `currencies`: the same in every instance and on every start. */
export function houseAccountIds(currencies: readonly string[]): HouseAccountsByCurrency {
  return new Map(
    currencies.map((currency) => [
      currency,
      {
        reserveAccountId: derivedAccountId(currency, 'reserveAccountId'),
        feeAccountId: derivedAccountId(currency, 'feeAccountId'),
        lossAccountId: derivedAccountId(currency, 'lossAccountId'),
      },
    ]),
  );
}

function houseAccountInputs(currency: string, accounts: DisputeHouseAccounts): AccountInput[] {
  return Object.entries(ROLES).map(([role, name]) => ({
    id: accounts[role as keyof DisputeHouseAccounts],
    currency,
    code: HOUSE_ACCOUNT_CODE,
    name: `${name} (${currency})`,
    type: 'liability',
  }));
}

/**
 * Opens the house accounts in the tenant's ledger. Idempotent: an account that already exists
 * with the same content answers `exists`; anything else (the same id with other content) stops
 * the cold start, since disputes would post to an account that is not what it claims to be.
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
