import { type FaultRetryPolicy, sendWithRetries } from './fault-http-client.js';
import { FAULT_CURRENCY, type FaultLedger } from './fault-ledger-fixture.js';
import type { TransferOutcome } from './fault-transfer-load.js';

/** Reads after the faults retry a little: a pool may still hold a connection the fault broke. */
const READ_POLICY: FaultRetryPolicy = {
  attemptsMax: 10,
  requestTimeoutMs: 15_000,
  retryAfterMaxMs: 1_000,
  backoffBaseMs: 50,
  backoffMaxMs: 500,
};
/** Reads in flight at once. */
const READ_CONCURRENCY = 8;
/** Page size of the account listings (the API's maximum). */
const PAGE_SIZE = 100;
/** Most pages read of one listing; the fault tests' accounts hold far fewer. */
const PAGES_MAX = 50;

// biome-ignore lint/suspicious/noExplicitAny: the checks read arbitrary response shapes
type Json = any;

interface Balances {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}

function balancesOf(wire: Json): Balances {
  return {
    debitsPending: BigInt(wire.debitsPending),
    debitsPosted: BigInt(wire.debitsPosted),
    creditsPending: BigInt(wire.creditsPending),
    creditsPosted: BigInt(wire.creditsPosted),
  };
}

async function mapConcurrently<Item, Value>(
  items: readonly Item[],
  map: (item: Item) => Promise<Value>,
): Promise<Value[]> {
  const values: Value[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      values[index] = await map(items[index] as Item);
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return values;
}

/** What the ledger should hold after the load, read back over HTTP. */
interface Expectation {
  readonly accountId: string;
  readonly name: string;
  readonly debitsPosted: bigint;
  readonly creditsPosted: bigint;
  readonly transferIds: ReadonlySet<string>;
}

function expectations(ledger: FaultLedger): Expectation[] {
  const sent = ledger.transfers.map((transfer) => transfer.body.id);
  const toWallet = (walletId: string) =>
    ledger.transfers
      .filter((transfer) => transfer.body.creditAccountId === walletId)
      .map((transfer) => transfer.body.id);
  return [
    {
      accountId: ledger.cashId,
      name: 'cash',
      debitsPosted: ledger.totalMinor,
      creditsPosted: 0n,
      transferIds: new Set([ledger.fundingId]),
    },
    {
      accountId: ledger.treasuryId,
      name: 'treasury',
      debitsPosted: ledger.totalMinor,
      creditsPosted: ledger.totalMinor,
      transferIds: new Set([ledger.fundingId, ...sent]),
    },
    ...ledger.walletIds.map((walletId, index) => ({
      accountId: walletId,
      name: `wallet ${index}`,
      debitsPosted: 0n,
      creditsPosted: ledger.expectedByWallet.get(walletId) ?? 0n,
      transferIds: new Set(toWallet(walletId)),
    })),
  ];
}

/**
 * Everything wrong with the ledger after a fault run, read over HTTP: each planned transfer
 * stored once with its content and the commit stamp its client was answered with; each account's
 * movements exactly the transfers sent to or from it, its statement adding up to its balances,
 * its balances the exact sums sent, its flags and limits kept; and debits equal to credits over
 * all the accounts. An empty list means the run lost nothing and applied nothing twice.
 */
export async function ledgerProblems(
  baseUrl: string,
  token: string,
  ledger: FaultLedger,
  outcomes: readonly TransferOutcome[],
): Promise<string[]> {
  const problems: string[] = [];
  const get = async (path: string): Promise<Json> => {
    const { final } = await sendWithRetries(
      { url: `${baseUrl}${path}`, method: 'GET', headers: { authorization: `Bearer ${token}` } },
      READ_POLICY,
    );
    if (final.kind !== 'response' || final.status !== 200) {
      throw new Error(
        `GET ${path} answered ${final.kind === 'response' ? final.status : final.kind}`,
      );
    }
    return final.body;
  };
  const pages = async (path: string): Promise<Json[]> => {
    const items: Json[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < PAGES_MAX; page += 1) {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const body = await get(`${path}?limit=${PAGE_SIZE}${query}`);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (cursor === null) return items;
    }
    throw new Error(`${path} has more than ${PAGES_MAX} pages`);
  };

  const stored = await mapConcurrently(outcomes, (outcome) =>
    get(`/v1/ledger/transfers/${outcome.transfer.body.id}`),
  );
  outcomes.forEach(({ transfer, exchange }, index) => {
    const found = stored[index];
    const { id, debitAccountId, creditAccountId, amountMinor, currency, code, metadata } =
      transfer.body;
    if (
      found.id !== id ||
      found.debitAccountId !== debitAccountId ||
      found.creditAccountId !== creditAccountId ||
      found.amountMinor !== amountMinor ||
      found.currency !== currency ||
      found.code !== code ||
      found.metadata?.sequence !== metadata.sequence
    ) {
      problems.push(`${id}: stored with other content`);
    }
    const answered = exchange.final.kind === 'response' ? exchange.final.body?.transfer : undefined;
    if (answered !== undefined && answered?.timestamp !== found.timestamp)
      problems.push(`${id}: the client was answered with another commit than the stored one`);
  });

  const accounts = await mapConcurrently(expectations(ledger), async (expected) => ({
    expected,
    account: await get(`/v1/ledger/accounts/${expected.accountId}`),
    movements: await pages(`/v1/ledger/accounts/${expected.accountId}/transfers`),
    statement: await pages(`/v1/ledger/accounts/${expected.accountId}/statement`),
  }));
  const total = { debitsPosted: 0n, creditsPosted: 0n, pending: 0n };
  for (const { expected, account, movements, statement } of accounts) {
    const name = expected.name;
    const balances = balancesOf(account.balances);
    total.debitsPosted += balances.debitsPosted;
    total.creditsPosted += balances.creditsPosted;
    total.pending += balances.debitsPending + balances.creditsPending;
    if (balances.debitsPosted !== expected.debitsPosted)
      problems.push(`${name}: debits ${balances.debitsPosted}, expected ${expected.debitsPosted}`);
    if (balances.creditsPosted !== expected.creditsPosted)
      problems.push(
        `${name}: credits ${balances.creditsPosted}, expected ${expected.creditsPosted}`,
      );
    if (balances.debitsPending !== 0n || balances.creditsPending !== 0n)
      problems.push(`${name}: pending amounts remain`);
    if (
      account.flags.debitsMustNotExceedCredits &&
      balances.debitsPosted + balances.debitsPending > balances.creditsPosted
    ) {
      problems.push(`${name}: debits exceed credits`);
    }
    const ceiling = account.limits.ceilingMinor;
    if (ceiling !== null && balances.creditsPosted - balances.debitsPosted > BigInt(ceiling))
      problems.push(`${name}: above its ceiling`);

    const moved: string[] = movements.map((movement: Json) => movement.transfer?.id);
    if (new Set(moved).size !== moved.length) problems.push(`${name}: a movement is listed twice`);
    const missing = [...expected.transferIds].filter((id) => !moved.includes(id));
    const extra = moved.filter((id) => !expected.transferIds.has(id));
    if (missing.length > 0) problems.push(`${name}: ${missing.length} transfers missing`);
    if (extra.length > 0) problems.push(`${name}: ${extra.length} transfers not sent`);

    if (statement.length !== expected.transferIds.size || account.entryCount !== statement.length)
      problems.push(
        `${name}: ${statement.length} statement lines, ${account.entryCount} entries, ${expected.transferIds.size} transfers`,
      );
    const lined = new Set(statement.map((line: Json) => line.entry.transferId));
    if (lined.size !== statement.length) problems.push(`${name}: a statement line is repeated`);
    let debits = 0n;
    let credits = 0n;
    for (const line of statement) {
      if (line.entry.kind !== 'posted') problems.push(`${name}: a ${line.entry.kind} line`);
      if (line.entry.side === 'debit') debits += BigInt(line.entry.amountMinor);
      else credits += BigInt(line.entry.amountMinor);
    }
    if (debits !== balances.debitsPosted || credits !== balances.creditsPosted)
      problems.push(`${name}: the statement does not add up to the balances`);
    const last = statement.at(-1)?.entry.balancesAfter;
    if (last !== undefined && JSON.stringify(last) !== JSON.stringify(account.balances))
      problems.push(`${name}: the statement's last running balance is not the balance`);
  }
  if (total.debitsPosted !== total.creditsPosted || total.pending !== 0n)
    problems.push(`debits ${total.debitsPosted} and credits ${total.creditsPosted} differ`);

  const ids = accounts.map(({ expected }) => expected.accountId).join(',');
  const aggregate = await get(`/v1/ledger/balances?accountIds=${ids}`);
  const totals = aggregate.totals.find((entry: Json) => entry.currency === FAULT_CURRENCY);
  if (
    aggregate.totals.length !== 1 ||
    totals === undefined ||
    BigInt(totals.balances.debitsPosted) !== total.debitsPosted ||
    BigInt(totals.balances.creditsPosted) !== total.creditsPosted
  ) {
    problems.push('the aggregate balance differs from the sum of the accounts');
  }
  return problems;
}
