import { typeIdGenerator } from '@strongroom/kernel';
import { BENCH_WALLETS } from '../ledger-setup.js';
import type { ServerProcess } from './server-process.js';

/** What every wallet starts with (minor units): far more than a run moves, so none is refused. */
const FUNDING_MINOR = 10n ** 15n;
/** The currency and code of every account and transfer of the HTTP benchmark. */
export const HTTP_BENCH_CURRENCY = 'EUR';
/** See {@link HTTP_BENCH_CURRENCY}. */
export const HTTP_BENCH_CODE = 1;
/** How long one set-up request may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The `Authorization` header of the server's operator; a server without one cannot be seeded. */
export function operatorHeaders(server: ServerProcess): Record<string, string> {
  if (server.accessToken === undefined)
    throw new Error(`http bench: ${server.kind} signed no operator in`);
  return { authorization: `Bearer ${server.accessToken}` };
}

/** {@link operatorHeaders} with a JSON body. */
export function operatorJsonHeaders(server: ServerProcess): Record<string, string> {
  return { ...operatorHeaders(server), 'content-type': 'application/json' };
}

// One set-up request; anything but `expected` stops the run, naming the problem type only.
async function post(server: ServerProcess, path: string, body: unknown, expected: number) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: operatorJsonHeaders(server),
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const answer = (await response.json()) as { type?: string; results?: { status: string }[] };
  if (response.status !== expected)
    throw new Error(`http bench: POST ${path} answered ${response.status} ${answer.type ?? ''}`);
  return answer;
}

function account(name: string, type: 'asset' | 'liability', flags: object) {
  return {
    id: typeIdGenerator.next('acc'),
    currency: HTTP_BENCH_CURRENCY,
    code: HTTP_BENCH_CODE,
    name,
    type,
    flags,
  };
}

/**
 * Opens a bank account and {@link BENCH_WALLETS} wallets that must never be overdrawn through
 * `POST /v1/ledger/accounts`, and funds every wallet from the bank in one
 * `POST /v1/ledger/transfers/batch`; returns the wallets' ids.
 */
export async function seedWallets(server: ServerProcess): Promise<string[]> {
  const bank = account('bench bank', 'asset', {});
  await post(server, '/v1/ledger/accounts', bank, 201);
  const wallets: string[] = [];
  for (let index = 0; index < BENCH_WALLETS; index += 1) {
    const wallet = account(`bench wallet ${index}`, 'liability', {
      debitsMustNotExceedCredits: true,
    });
    await post(server, '/v1/ledger/accounts', wallet, 201);
    wallets.push(wallet.id);
  }
  const funding = wallets.map((wallet) => ({
    id: typeIdGenerator.next('trf'),
    debitAccountId: bank.id,
    creditAccountId: wallet,
    amountMinor: String(FUNDING_MINOR),
    currency: HTTP_BENCH_CURRENCY,
    code: HTTP_BENCH_CODE,
  }));
  const funded = await post(server, '/v1/ledger/transfers/batch', { transfers: funding }, 200);
  const refused = funded.results?.filter((result) => result.status !== 'created').length;
  if (refused !== 0) throw new Error(`http bench: ${refused ?? 'all'} funding transfers refused`);
  return wallets;
}
