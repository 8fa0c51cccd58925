import type { PgPool } from '../database.js';

/** The slice of a pooled `pg` client the counter wraps. */
interface PgClient {
  query: (...args: unknown[]) => unknown;
}

/** Statements of one kind: how many, and how long they took from send to answer. */
export interface StatementKind {
  readonly count: number;
  /** Summed over the statements sent without a callback (every storage statement). */
  readonly milliseconds: number;
}

/**
 * What the pool's connections sent, by kind: the statement's first keyword (`begin`, `select`, …),
 * with `select for update` apart since a row lock is what it waits for.
 */
export interface StatementCounts {
  /** Every statement a client sent: one round trip each. */
  readonly total: number;
  /** Statements that began a transaction: one per attempt, retries included. */
  readonly begins: number;
  readonly byKind: ReadonlyMap<string, StatementKind>;
}

/** No statements: where sums of {@link StatementCounts} start. */
export const NO_STATEMENTS: StatementCounts = { total: 0, begins: 0, byKind: new Map() };

// The SQL text of a `client.query` call: a string, or a config object with `text`.
function statementText(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  if (typeof argument === 'object' && argument !== null && 'text' in argument)
    return String(argument.text);
  return '';
}

function kindOf(text: string): string {
  const keyword = /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? 'other';
  return keyword === 'select' && /\sfor update\s*$/i.test(text) ? 'select for update' : keyword;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value;
}

/**
 * Counts and times every statement the pool's connections send, from their first one on (it wraps
 * each client as the pool connects it, so create the counter before the pool's first query). The
 * storage's own statements and the bench's bare ones go through the same clients; read
 * {@link StatementCounter.snapshot} before and after a phase and take the difference.
 */
export class StatementCounter {
  #total = 0;
  #begins = 0;
  readonly #byKind = new Map<string, { count: number; milliseconds: number }>();

  /** Starts counting the statements of every connection `pool` opens from now on. */
  constructor(pool: PgPool) {
    // `connect` fires once per new connection, before the pool hands the client out.
    (pool as unknown as { on(event: 'connect', listener: (client: PgClient) => void): void }).on(
      'connect',
      (client) => {
        const query = client.query.bind(client);
        client.query = (...args: unknown[]) => {
          const kind = this.#count(statementText(args[0]));
          const begun = performance.now();
          const answer = query(...args);
          // Observed, not replaced: the caller still gets pg's own promise and its rejection.
          if (isThenable(answer)) {
            const done = () => this.#time(kind, performance.now() - begun);
            answer.then(done, done);
          }
          return answer;
        };
      },
    );
  }

  #count(text: string): { count: number; milliseconds: number } {
    const name = kindOf(text);
    this.#total += 1;
    if (name === 'begin') this.#begins += 1;
    let kind = this.#byKind.get(name);
    if (kind === undefined) {
      kind = { count: 0, milliseconds: 0 };
      this.#byKind.set(name, kind);
    }
    kind.count += 1;
    return kind;
  }

  #time(kind: { milliseconds: number }, milliseconds: number): void {
    kind.milliseconds += milliseconds;
  }

  /** The counts so far. */
  snapshot(): StatementCounts {
    const byKind = new Map<string, StatementKind>();
    for (const [name, kind] of this.#byKind) byKind.set(name, { ...kind });
    return { total: this.#total, begins: this.#begins, byKind };
  }
}

function combine(first: StatementCounts, second: StatementCounts, sign: 1 | -1): StatementCounts {
  const byKind = new Map<string, StatementKind>();
  for (const name of new Set([...first.byKind.keys(), ...second.byKind.keys()])) {
    const a = first.byKind.get(name) ?? { count: 0, milliseconds: 0 };
    const b = second.byKind.get(name) ?? { count: 0, milliseconds: 0 };
    const count = a.count + sign * b.count;
    if (count > 0)
      byKind.set(name, { count, milliseconds: a.milliseconds + sign * b.milliseconds });
  }
  return {
    total: first.total + sign * second.total,
    begins: first.begins + sign * second.begins,
    byKind,
  };
}

/** The statements sent between two snapshots. */
export function countsSince(before: StatementCounts, after: StatementCounts): StatementCounts {
  return combine(after, before, -1);
}

/** The statements of two phases together. */
export function addCounts(first: StatementCounts, second: StatementCounts): StatementCounts {
  return combine(first, second, 1);
}

/** Milliseconds spent waiting for statements, per operation. */
export function sqlMillisecondsPer(counts: StatementCounts, operations: number): number {
  let milliseconds = 0;
  for (const kind of counts.byKind.values()) milliseconds += kind.milliseconds;
  return milliseconds / operations;
}

/** `select 8.0 × 0.61 ms, insert 5.0 × …` per operation, most time first, for notes. */
export function kindsPer(counts: StatementCounts, operations: number): string {
  return [...counts.byKind.entries()]
    .sort(([, first], [, second]) => second.milliseconds - first.milliseconds)
    .map(
      ([name, kind]) =>
        `${name} ${(kind.count / operations).toFixed(1)} × ${(kind.milliseconds / kind.count).toFixed(2)} ms`,
    )
    .join(', ');
}
