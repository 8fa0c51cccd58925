import type { Writable } from 'node:stream';
import { assert } from '@strongroom/kernel';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { StatementNames } from './statement-names.js';

// Mark the statements a client holds back instead of sending. Only `heldStatement` and
// `trailingStatement` make them; a host's own statements through these pools never start with
// these exact comments.
const HELD_MARK = '/* strongroom: held */ ';
const TRAILING_MARK = '/* strongroom: trailing */ ';

// What kysely reads of a held-back statement's answer: it has none of its own yet.
const HELD_RESULT: PostgresQueryResult<never> = { command: 'SELECT', rowCount: 0, rows: [] };

/**
 * A statement for a client of {@link storagePool} to hold back and send right before the next
 * one: a transaction's BEGIN, whose answer only matters if it failed.
 */
export function heldStatement(text: string): string {
  return HELD_MARK + text;
}

/**
 * A statement for a client of {@link storagePool} to hold back and send right after the next one,
 * which answers only once both have: a COMMIT that goes out with the transaction's last write.
 * The write's failure is what the caller sees; the server then ends the transaction without
 * committing it, since PostgreSQL answers COMMIT in a failed transaction with a rollback.
 */
export function trailingStatement(text: string): string {
  return TRAILING_MARK + text;
}

/** A pg client as the storage pool sees it: kysely's slice, plus what the pool checks and calls. */
type PgClient = PostgresPoolClient & {
  readonly pipeline?: boolean;
  readonly processID?: number;
  /** node-postgres's connection; its socket is corked while a held statement and the next go. */
  readonly connection?: { readonly stream?: Partial<Pick<Writable, 'cork' | 'uncork'>> };
  query<Row>(config: {
    name: string;
    text: string;
    values: readonly unknown[];
  }): Promise<PostgresQueryResult<Row>>;
};

/**
 * The pool the storage's kysely runs on, around a pg pool: its clients hold back
 * {@link heldStatement}s and, unless `preparedStatements` is off, prepare the statements they
 * send under names (see {@link StatementNames}). The rest (ending it, the client class and
 * options kysely cancels queries with) is the wrapped pool's.
 */
export function storagePool(
  pool: PostgresPool,
  options: { readonly preparedStatements: boolean },
): PostgresPool {
  // One wrapper per pooled client, kept with it: its statement names live as long as its
  // connection, and kysely keeps reusing its connection object for it.
  const wrappers = new WeakMap<PostgresPoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = storageClient(
          client as PgClient,
          options.preparedStatements ? new StatementNames() : null,
        );
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
    options: pool.options,
    ...(pool.Client === undefined ? {} : { Client: pool.Client }),
  };
}

// The first failure in the order the statements were sent, else the answer of the one that
// matters. After a failed BEGIN the next statement only reports "current transaction is aborted":
// the cause is BEGIN's.
async function answerOf<Row>(
  answer: Promise<PostgresQueryResult<Row>>,
  sent: readonly (Promise<unknown> | undefined)[],
): Promise<PostgresQueryResult<Row>> {
  for (const settled of await Promise.allSettled(sent))
    if (settled.status === 'rejected') throw settled.reason;
  return answer;
}

/**
 * Submits statements with the client's socket corked, so that they leave in one write rather than
 * one each: on loopback every write is a system call that also runs the receiving side's TCP
 * stack, a cost the sign-in profile showed to be about a quarter of its Node CPU. A pipelined
 * client submits synchronously, so everything is buffered by the time the socket is uncorked.
 */
function inOneWrite<T>(client: PgClient, submit: () => T): T {
  const stream = client.connection?.stream;
  stream?.cork?.();
  try {
    return submit();
  } finally {
    stream?.uncork?.();
  }
}

/**
 * Wraps a checked-out client so that a held statement goes out right before the next one and a
 * trailing statement right after it. A client in node-postgres's pipeline mode (`pipeline: true`)
 * writes them at once and the server answers them in order, so neither a transaction's BEGIN nor
 * its COMMIT costs a round trip of its own; any other client sends them one after the other, as if
 * nothing were held.
 */
function storageClient(client: PgClient, names: StatementNames | null): PostgresPoolClient {
  let held: string | undefined;
  let trailing: string | undefined;
  const send = <Row>(text: string, values: readonly unknown[]) => {
    // A statement without parameters (BEGIN, COMMIT) goes as a simple query, as pg sends it.
    const name = names === null || values.length === 0 ? undefined : names.nameFor(text);
    return name === undefined
      ? client.query<Row>(text, values)
      : client.query<Row>({ name, text, values });
  };
  // The statement with what was held back before and after it: at once in pipeline mode, else
  // each after the answer to the one before, stopping at a failure.
  const sendWith = <Row>(
    before: string | undefined,
    text: string,
    parameters: readonly unknown[],
    after: string | undefined,
  ): Promise<PostgresQueryResult<Row>> => {
    const simple = (statement: string | undefined) =>
      statement === undefined ? undefined : () => client.query(statement, []);
    const [first, last] = [simple(before), simple(after)];
    if (client.pipeline !== true) {
      const main = () => send<Row>(text, parameters);
      const begun = first === undefined ? main() : first().then(main);
      return last === undefined ? begun : begun.then((answer) => last().then(() => answer));
    }
    return inOneWrite(client, () => {
      const begun = first?.();
      const answer = send<Row>(text, parameters);
      return answerOf(answer, [begun, answer, last?.()]);
    });
  };
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
      if (text.startsWith(TRAILING_MARK)) {
        trailing = text.slice(TRAILING_MARK.length);
        return Promise.resolve(HELD_RESULT);
      }
      const [before, after] = [held, trailing];
      held = undefined;
      trailing = undefined;
      if (before === undefined && after === undefined) return send(text, parameters);
      return sendWith<Row>(before, text, parameters, after);
    },
    release(destroy?: boolean) {
      // A statement still held goes nowhere: the next checkout starts afresh.
      held = undefined;
      trailing = undefined;
      client.release(destroy);
    },
  } as PostgresPoolClient;
}
