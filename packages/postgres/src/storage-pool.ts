import type { Writable } from 'node:stream';
import { assert } from '@strongroom/kernel';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { StatementNames } from './statement-names.js';

// Marks the one statement a client holds back instead of sending. Only `heldStatement` makes it;
// a host's own statements through these pools never start with this exact comment.
const HELD_MARK = '/* strongroom: held */ ';

// What kysely reads of the held statement's answer: it has none of its own yet.
const HELD_RESULT: PostgresQueryResult<never> = { command: 'SELECT', rowCount: 0, rows: [] };

/**
 * A statement for a client of {@link storagePool} to hold back and send right before the next
 * one: a transaction's BEGIN, whose answer only matters if it failed.
 */
export function heldStatement(text: string): string {
  return HELD_MARK + text;
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
 * Wraps a checked-out client so that a held statement goes out with the next one. A client in
 * node-postgres's pipeline mode (`pipeline: true`) writes both at once and the server answers them
 * in order, so a transaction's BEGIN costs no round trip of its own; any other client sends them
 * one after the other, as if nothing were held.
 */
function storageClient(client: PgClient, names: StatementNames | null): PostgresPoolClient {
  let held: string | undefined;
  const send = <Row>(text: string, values: readonly unknown[]) => {
    // A statement without parameters (COMMIT, ROLLBACK) goes as a simple query, as pg sends it.
    const name = names === null || values.length === 0 ? undefined : names.nameFor(text);
    return name === undefined
      ? client.query<Row>(text, values)
      : client.query<Row>({ name, text, values });
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
      const statement = held;
      held = undefined;
      if (statement === undefined) return send(text, parameters);
      // BEGIN and its settings are one simple query, which takes no parameters and no name.
      const begin = () => client.query(statement, []);
      if (client.pipeline !== true) return begin().then(() => send<Row>(text, parameters));
      const [begun, answered] = inOneWrite(
        client,
        () => [begin(), send<Row>(text, parameters)] as const,
      );
      return answerAfter(begun, answered);
    },
    release(destroy?: boolean) {
      // A statement still held goes nowhere: the next checkout starts afresh.
      held = undefined;
      client.release(destroy);
    },
  } as PostgresPoolClient;
}
