import type { JsonObject } from '@strongroom/kernel';
import type { Balances } from '../model/balances.js';
import { bigintField, readNonNegativeBigint, readObject } from './record-fields.js';

/** The stored form of four balances: decimal strings, never numbers. */
export function balancesData(balances: Balances): JsonObject {
  return {
    debitsPending: bigintField(balances.debitsPending),
    debitsPosted: bigintField(balances.debitsPosted),
    creditsPending: bigintField(balances.creditsPending),
    creditsPosted: bigintField(balances.creditsPosted),
  };
}

/** Reads balances stored by {@link balancesData} under `key`. */
export function readBalances(data: JsonObject, key: string, record: string): Balances {
  const stored = readObject(data, key, record);
  const name = `${record} ${key}`;
  return {
    debitsPending: readNonNegativeBigint(stored, 'debitsPending', name),
    debitsPosted: readNonNegativeBigint(stored, 'debitsPosted', name),
    creditsPending: readNonNegativeBigint(stored, 'creditsPending', name),
    creditsPosted: readNonNegativeBigint(stored, 'creditsPosted', name),
  };
}
