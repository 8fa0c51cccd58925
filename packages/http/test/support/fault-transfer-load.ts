import { type FaultExchange, type FaultRetryPolicy, sendWithRetries } from './fault-http-client.js';
import type { PlannedTransfer } from './fault-ledger-fixture.js';

/** Longest a test waits for the load to reach a point before it gives up. */
const PROGRESS_WAIT_MAX_MS = 60_000;
const PROGRESS_POLL_MS = 10;

/** What the concurrent clients send and how. */
export interface TransferLoadOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly transfers: readonly PlannedTransfer[];
  /** How many clients send at once; each takes the next unsent transfer when it is done. */
  readonly clients: number;
  readonly policy: FaultRetryPolicy;
}

/** One logical transfer and everything its client went through to send it. */
export interface TransferOutcome {
  readonly transfer: PlannedTransfer;
  readonly exchange: FaultExchange;
}

/** A running load. */
export interface TransferLoad {
  /** How many logical transfers have their final answer. */
  finished(): number;
  /** Every outcome, in the transfers' order, once every client is done. */
  readonly done: Promise<readonly TransferOutcome[]>;
  /** Resolves once `count` transfers are finished (throws after a minute, or if the load ends first). */
  whenFinished(count: number): Promise<void>;
}

/**
 * Starts `clients` concurrent clients posting the planned transfers to `POST /v1/ledger/transfers`,
 * each retried (same id, same `Idempotency-Key`, same body) until its answer is final.
 */
export function startTransferLoad(options: TransferLoadOptions): TransferLoad {
  const outcomes: TransferOutcome[] = new Array(options.transfers.length);
  let next = 0;
  let finished = 0;
  const client = async () => {
    for (;;) {
      const index = next;
      next += 1;
      const transfer = options.transfers[index];
      if (transfer === undefined) return;
      const exchange = await sendWithRetries(
        {
          url: `${options.baseUrl}/v1/ledger/transfers`,
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            'idempotency-key': transfer.idempotencyKey,
          },
          body: JSON.stringify(transfer.body),
        },
        options.policy,
      );
      outcomes[index] = { transfer, exchange };
      finished += 1;
    }
  };
  const done = Promise.all(Array.from({ length: options.clients }, client)).then(() => outcomes);
  let ended = false;
  const end = () => {
    ended = true;
  };
  done.then(end, end);
  return {
    finished: () => finished,
    done,
    async whenFinished(count) {
      const deadline = Date.now() + PROGRESS_WAIT_MAX_MS;
      while (finished < count) {
        if (ended) throw new Error(`the load ended after ${finished} of ${count} transfers`);
        if (Date.now() > deadline) throw new Error(`the load is stuck at ${finished} transfers`);
        await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
      }
    },
  };
}
