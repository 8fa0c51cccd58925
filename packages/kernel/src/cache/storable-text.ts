/**
 * Whether every storage adapter keeps `text` exactly: PostgreSQL's `text` and `jsonb` refuse
 * U+0000, and a lone surrogate has no UTF-8 form, so Postgres, DynamoDB and Redis would each
 * store U+FFFD instead. Stores assert it for keys, ids and values that callers choose.
 */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}
