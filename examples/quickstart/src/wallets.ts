import {
  addMoney,
  err,
  formatMoney,
  type Money,
  moneyFromMinorUnits,
  ok,
  type Result,
  type StorageTransaction,
  subtractMoney,
  unwrapOrThrow,
} from '@strongroom/kernel';

/** A wallet as this example stores it: a balance in minor units (a string: JSON has no bigint). */
export interface Wallet {
  readonly id: string;
  readonly balance: Money;
  readonly version: number;
}

/** Why a transfer between wallets was refused. */
export type TransferError =
  | { readonly type: 'example.wallet_not_found'; readonly walletId: string }
  | { readonly type: 'example.insufficient_funds'; readonly walletId: string };

const WALLETS = 'example.wallets';

/** Opens a wallet with a starting balance. */
export async function openWallet(
  tx: StorageTransaction,
  id: string,
  balance: Money,
): Promise<Wallet> {
  const record = await tx.records.put({
    collection: WALLETS,
    id,
    data: { amountMinor: balance.amountMinor.toString(), currency: balance.currency },
    expectedVersion: 0,
  });
  return { id, balance, version: record.version };
}

/** Reads a wallet, or undefined. */
export async function readWallet(tx: StorageTransaction, id: string): Promise<Wallet | undefined> {
  const record = await tx.records.get(WALLETS, id);
  if (record === undefined) return undefined;
  const balance = unwrapOrThrow(
    moneyFromMinorUnits(
      BigInt(String(record.data['amountMinor'])),
      String(record.data['currency']),
    ),
  );
  return { id, balance, version: record.version };
}

/**
 * Moves money between two wallets inside the caller's transaction. The real ledger (a later
 * package) does this with double-entry postings; this example only shows the unit of work.
 */
export async function transfer(
  tx: StorageTransaction,
  fromId: string,
  toId: string,
  amount: Money,
): Promise<Result<{ from: Wallet; to: Wallet }, TransferError>> {
  const from = await readWallet(tx, fromId);
  if (from === undefined) return err({ type: 'example.wallet_not_found', walletId: fromId });
  const to = await readWallet(tx, toId);
  if (to === undefined) return err({ type: 'example.wallet_not_found', walletId: toId });
  const remaining = unwrapOrThrow(subtractMoney(from.balance, amount));
  if (remaining.amountMinor < 0n)
    return err({ type: 'example.insufficient_funds', walletId: fromId });
  const credited = unwrapOrThrow(addMoney(to.balance, amount));
  const write = (wallet: Wallet, balance: Money) =>
    tx.records.put({
      collection: WALLETS,
      id: wallet.id,
      data: { amountMinor: balance.amountMinor.toString(), currency: balance.currency },
      expectedVersion: wallet.version,
    });
  const [fromRecord, toRecord] = [await write(from, remaining), await write(to, credited)];
  return ok({
    from: { id: fromId, balance: remaining, version: fromRecord.version },
    to: { id: toId, balance: credited, version: toRecord.version },
  });
}

/** A wallet's balance as `12.30 USD`. */
export function describeBalance(wallet: Wallet): string {
  return `${formatMoney(wallet.balance)} ${wallet.balance.currency}`;
}
