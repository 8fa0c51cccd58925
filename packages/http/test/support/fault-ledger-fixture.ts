import { typeIdGenerator } from '@strongroom/kernel';
import type { HttpHarness } from './http-harness.js';

/** The currency of every fault-test account. */
export const FAULT_CURRENCY = 'USD';

/** One logical transfer: its body and idempotency key never change across a client's retries. */
export interface PlannedTransfer {
  readonly idempotencyKey: string;
  readonly body: {
    readonly id: string;
    readonly debitAccountId: string;
    readonly creditAccountId: string;
    readonly amountMinor: string;
    readonly currency: string;
    readonly code: number;
    readonly metadata: { readonly sequence: number };
  };
}

/**
 * The accounts of a fault test and the transfers to send: cash (an asset) funds a treasury (a
 * liability whose debits may not exceed its credits) with exactly the sum of the planned
 * transfers, which move it all to wallets (liabilities whose ceiling is exactly what they are
 * planned to receive). A transfer applied twice would therefore also break a limit.
 */
export interface FaultLedger {
  readonly cashId: string;
  readonly treasuryId: string;
  readonly walletIds: readonly string[];
  readonly fundingId: string;
  readonly totalMinor: bigint;
  readonly expectedByWallet: ReadonlyMap<string, bigint>;
  readonly transfers: readonly PlannedTransfer[];
}

// Every tenth amount lies beyond 2^53, where a number would silently round.
function amountOf(sequence: number): bigint {
  return sequence % 10 === 0 ? 2n ** 53n + BigInt(sequence) : 1_000n + BigInt(sequence) * 7_919n;
}

/** Creates the accounts and the funding transfer over HTTP (before any fault) and plans the load. */
export async function createFaultLedger(
  harness: HttpHarness,
  token: string,
  size: { readonly transfers: number; readonly wallets: number },
): Promise<FaultLedger> {
  const cashId = typeIdGenerator.next('acc');
  const treasuryId = typeIdGenerator.next('acc');
  const walletIds = Array.from({ length: size.wallets }, () => typeIdGenerator.next('acc'));
  const transfers: PlannedTransfer[] = [];
  const expectedByWallet = new Map<string, bigint>(walletIds.map((id) => [id, 0n]));
  let totalMinor = 0n;
  for (let sequence = 0; sequence < size.transfers; sequence += 1) {
    const walletId = walletIds[sequence % walletIds.length] as string;
    const amountMinor = amountOf(sequence);
    totalMinor += amountMinor;
    expectedByWallet.set(walletId, (expectedByWallet.get(walletId) ?? 0n) + amountMinor);
    transfers.push({
      idempotencyKey: crypto.randomUUID(),
      body: {
        id: typeIdGenerator.next('trf'),
        debitAccountId: treasuryId,
        creditAccountId: walletId,
        amountMinor: amountMinor.toString(),
        currency: FAULT_CURRENCY,
        code: 1,
        metadata: { sequence },
      },
    });
  }

  const post = async (path: string, body: unknown) => {
    const response = await harness.request('POST', path, { token, body });
    if (response.status !== 201) throw new Error(`set-up ${path} answered ${response.status}`);
  };
  const account = (id: string, name: string, extra: Record<string, unknown>) =>
    post('/v1/ledger/accounts', { id, currency: FAULT_CURRENCY, code: 1, name, ...extra });
  await account(cashId, 'Cash', { type: 'asset' });
  await account(treasuryId, 'Treasury', {
    type: 'liability',
    flags: { debitsMustNotExceedCredits: true },
  });
  for (const walletId of walletIds) {
    await account(walletId, 'Wallet', {
      type: 'liability',
      limits: { ceilingMinor: String(expectedByWallet.get(walletId)) },
    });
  }
  const fundingId = typeIdGenerator.next('trf');
  await post('/v1/ledger/transfers', {
    id: fundingId,
    debitAccountId: cashId,
    creditAccountId: treasuryId,
    amountMinor: totalMinor.toString(),
    currency: FAULT_CURRENCY,
    code: 1,
  });
  return { cashId, treasuryId, walletIds, fundingId, totalMinor, expectedByWallet, transfers };
}
