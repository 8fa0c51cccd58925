/**
 * Most statement texts one connection keeps prepared under a name. The storage sends a few dozen
 * shapes over and over; what comes after the limit is sent unnamed, as before.
 */
export const NAMED_STATEMENTS_PER_CONNECTION_MAX = 128;

/**
 * Longest statement text given a name: longer ones are batches whose shape depends on how many
 * rows they carry, rarely sent twice, and would only hold server memory.
 */
export const NAMED_STATEMENT_TEXT_MAX_LENGTH = 2048;

/**
 * The names under which one connection prepares the statements it sends again and again, so the
 * server parses, rewrites (row-level security included) and plans each once per connection
 * instead of on every call, as pgbench's `-M prepared` and most drivers' statement caches do.
 * Names are per connection, as prepared statements are.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();

  /** The name to prepare `text` under, or `undefined` to send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (text.length > NAMED_STATEMENT_TEXT_MAX_LENGTH) return undefined;
    if (this.#names.size >= NAMED_STATEMENTS_PER_CONNECTION_MAX) return undefined;
    const name = `strongroom_${this.#names.size}`;
    this.#names.set(text, name);
    return name;
  }
}
