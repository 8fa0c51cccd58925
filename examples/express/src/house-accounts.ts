import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DisputeHouseAccounts } from '@strongroom/disputes';
import type { HouseAccountsByCurrency } from '@strongroom/example-shared';
import { type Id, type IdGenerator, parseId } from '@strongroom/kernel';

/** The file under the data directory that names the house accounts. */
const HOUSE_ACCOUNTS_FILE = 'house-accounts.json';

function parseAccounts(text: string): Map<string, DisputeHouseAccounts> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${HOUSE_ACCOUNTS_FILE} is not an object of currencies`);
  const accounts = new Map<string, DisputeHouseAccounts>();
  for (const [currency, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const idOf = (role: keyof DisputeHouseAccounts): Id<'acc'> => {
      const id = parseId('acc', (entry as Partial<Record<string, unknown>> | null)?.[role]);
      if (id.isErr())
        throw new Error(`${HOUSE_ACCOUNTS_FILE}: ${currency}.${role} is not an account id`);
      return id.value;
    };
    accounts.set(currency, {
      reserveAccountId: idOf('reserveAccountId'),
      feeAccountId: idOf('feeAccountId'),
      lossAccountId: idOf('lossAccountId'),
    });
  }
  return accounts;
}

async function readAccounts(path: string): Promise<Map<string, DisputeHouseAccounts>> {
  try {
    return parseAccounts(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
}

/**
 * The ids of the house accounts of `currencies`, chosen on the first start and kept in
 * `<dataDir>/house-accounts.json`, so every restart names the same ledger accounts (a dispute's
 * money must come back to the reserve it went to). A currency added later gets its ids then.
 */
export async function loadHouseAccountIds(
  dataDir: string,
  currencies: readonly string[],
  ids: IdGenerator,
): Promise<HouseAccountsByCurrency> {
  const path = join(dataDir, HOUSE_ACCOUNTS_FILE);
  const accounts = await readAccounts(path);
  const missing = currencies.filter((currency) => !accounts.has(currency));
  if (missing.length === 0) return accounts;
  for (const currency of missing) {
    accounts.set(currency, {
      reserveAccountId: ids.next('acc'),
      feeAccountId: ids.next('acc'),
      lossAccountId: ids.next('acc'),
    });
  }
  await mkdir(dataDir, { recursive: true });
  // Written whole and renamed into place: a crash never leaves a half-written file of ids.
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(Object.fromEntries(accounts), null, 2)}\n`);
  await rename(partial, path);
  return accounts;
}
