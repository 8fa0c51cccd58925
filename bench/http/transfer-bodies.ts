import { typeIdGenerator } from '@strongroom/kernel';
import { HTTP_BENCH_CODE, HTTP_BENCH_CURRENCY } from './http-ledger-seed.js';

/** Largest amount one benchmark transfer moves (minor units). */
const AMOUNT_MAX_MINOR = 100;

function randomIndex(length: number): number {
  return Math.floor(Math.random() * length);
}

/**
 * The JSON body of `POST /v1/ledger/transfers` moving 1–100 minor units between two distinct
 * random wallets, with a new transfer id: every request creates a transfer, none replays one.
 */
export function transferBody(wallets: readonly string[]): string {
  if (wallets.length < 2) throw new Error('transfers need two wallets');
  const debit = randomIndex(wallets.length);
  const credit = (debit + 1 + randomIndex(wallets.length - 1)) % wallets.length;
  return JSON.stringify({
    id: typeIdGenerator.next('trf'),
    debitAccountId: wallets[debit],
    creditAccountId: wallets[credit],
    amountMinor: String(1 + randomIndex(AMOUNT_MAX_MINOR)),
    currency: HTTP_BENCH_CURRENCY,
    code: HTTP_BENCH_CODE,
  });
}
