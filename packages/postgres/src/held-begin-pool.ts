import { assert } from '@strongroom/kernel';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

// Marks the one statement a client holds back instead of sending. Only `heldStatement` makes it,
// and nothing else sent through these pools starts with a comment.
const HELD_MARK = '/* strongroom: held */ ';

// What kysely reads of the held statement's answer: it has none of its own yet.
const HELD_RESULT: PostgresQueryResult<never> = { command: 'SELECT', rowCount: 0, rows: [] };

/**
 * A statement for a client of {@link heldBeginPool} to hold back and send right before the next
 * one: a transaction's BEGIN, whose answer only matters if it failed.
 */
export function heldStatement(text: string): string {
  return HELD_MARK + text;
}

/**
 * A pool whose clients hold back {@link heldStatement}s; the rest (ending it, the client class and
 * options kysely cancels queries with) is the wrapped pool's.
 */
export function heldBeginPool(pool: PostgresPool): PostgresPool {
  // One wrapper per pooled client, so kysely keeps reusing its connection object for it.
  const wrappers = new WeakMap<PostgresPoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = holdingClient(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
    options: pool.options,
    ...(pool.Client === undefined ? {} : { Client: pool.Client }),
  };
}

// The held statement's failure if it failed, else the next statement's answer. After a failed
// BEGIN the next statement only reports "current transaction is aborted": the cause is BEGIN's.
async function answerAfter<Row>(
  held: Promise<unknown>,
  next: Promise<PostgresQueryResult<Row>>,
): Promise<PostgresQueryResult<Row>> {
  const [begun, answered] = await Promise.allSettled([held, next]);
  if (begun.status === 'rejected') throw begun.reason;
  if (answered.status === 'rejected') throw answered.reason;
  return answered.value;
}

/**
 * Wraps a checked-out client so that a held statement goes out with the next one. A client in
 * node-postgres's pipeline mode (`pipeline: true`) writes both at once and the server answers them
 * in order, so a transaction's BEGIN costs no round trip of its own; any other client sends them
 * one after the other, as if nothing were held.
 */
function holdingClient(
  client: PostgresPoolClient & { readonly pipeline?: boolean; readonly processID?: number },
): PostgresPoolClient {
  let held: string | undefined;
  return {
    get processID() {
      return client.processID;
    },
    query<Row>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<Row>> {
      // kysely passes a cursor object only to stream, which the storage never does.
      assert(typeof text === 'string', 'the storage sends statements as text');
      if (text.startsWith(HELD_MARK)) {
        held = text.slice(HELD_MARK.length);
        return Promise.resolve(HELD_RESULT);
      }
      const statement = held;
      held = undefined;
      const send = () => client.query<Row>(text, parameters);
      if (statement === undefined) return send();
      if (client.pipeline !== true) return client.query(statement, []).then(send);
      return answerAfter(client.query(statement, []), send());
    },
    release(destroy?: boolean) {
      // A statement still held goes nowhere: the next checkout starts afresh.
      held = undefined;
      client.release(destroy);
    },
  } as PostgresPoolClient;
}
