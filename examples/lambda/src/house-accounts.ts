import { createHash } from 'node:crypto';
import type { DisputeHouseAccounts } from '@strongroom/disputes';
import type { HouseAccountsByCurrency } from '@strongroom/example-shared';
import { type Id, parseId, unwrapOrThrow } from '@strongroom/kernel';
import { TypeID } from 'typeid-js';

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
