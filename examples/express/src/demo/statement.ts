import { check } from './demo-client.js';
import type { DemoContext } from './demo-context.js';
import { moneyText } from './money-text.js';
import type { Payments } from './payments.js';

/** What the statement chapter ends with. */
export interface StatementOutcome {
  /** Each line as `side kind label`, oldest first. */
  readonly lines: readonly string[];
  readonly closingBalance: string;
}

interface StatementLine {
  readonly entry: {
    readonly transferId: string;
    readonly side: 'debit' | 'credit';
    readonly kind: string;
    readonly amountMinor: string;
  };
  readonly postedMinor: string;
}

type Metadata = Readonly<Record<string, unknown>>;

type Movement =
  | {
      readonly kind: 'transfer';
      readonly transfer: {
        readonly id: string;
        readonly metadata: Metadata;
        readonly flags: { readonly pending: boolean; readonly postPending: boolean };
      };
    }
  | {
      readonly kind: 'journal';
      readonly journal: { readonly id: string; readonly metadata: Metadata };
    };

/** One statement page holds every line of the story. */
const PAGE_LIMIT = 100;

// What a movement was, from what the ledger keeps: the template name of a journal entry (the
// ledger records it), the flags of a transfer, and the order number the demo put in metadata.
function labelOf(movement: Movement): [string, string] {
  if (movement.kind === 'journal') {
    const { id, metadata } = movement.journal;
    const order = typeof metadata['order'] === 'string' ? ` (order ${metadata['order']})` : '';
    return [id, `${String(metadata['template'] ?? 'journal entry')}${order}`];
  }
  const { id, flags, metadata } = movement.transfer;
  const kind = flags.pending
    ? 'authorization hold'
    : flags.postPending
      ? 'hold captured'
      : 'transfer';
  const order = typeof metadata['order'] === 'string' ? ` (order ${metadata['order']})` : '';
  return [id, `${kind}${order}`];
}

/**
 * The merchant's statement as the API gives it: every entry on the account with the running
 * posted balance, labelled from the account's movements (which carry the posting template names).
 */
export async function runStatement(
  context: DemoContext,
  payments: Payments,
): Promise<StatementOutcome> {
  const { client, print } = context;
  const account = `/v1/ledger/accounts/${payments.merchant}`;
  const statement = await client.expect<{ items: StatementLine[] }>(
    'read the merchant statement',
    200,
    'GET',
    `${account}/statement?limit=${PAGE_LIMIT}`,
  );
  const movements = await client.expect<{ items: Movement[] }>(
    'read the merchant movements',
    200,
    'GET',
    `${account}/transfers?limit=${PAGE_LIMIT}`,
  );
  const labels = new Map(movements.body.items.map(labelOf));
  print('— Acme Outdoor’s statement: GET /v1/ledger/accounts/{merchant}/statement');
  const lines = statement.body.items.map(({ entry, postedMinor }) => {
    const label = labels.get(entry.transferId) ?? 'unknown movement';
    print(
      `  ${entry.side.padEnd(6)} ${moneyText(entry.amountMinor).padStart(12)}  ${entry.kind.padEnd(16)} ${label.padEnd(34)} balance ${moneyText(postedMinor)}`,
    );
    return `${entry.side} ${entry.kind} ${label}`;
  });
  const closing = statement.body.items.at(-1)?.postedMinor ?? '0';
  const balance = await client.expect<{ postedMinor: string }>(
    'read the merchant balance',
    200,
    'GET',
    `${account}/balance`,
  );
  check('the statement ends at the balance', closing, balance.body.postedMinor);
  return { lines, closingBalance: moneyText(closing) };
}
