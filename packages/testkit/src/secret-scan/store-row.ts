/** One row of a dumped store as text, and where it came from (table and row, item, key). */
export interface StoreRow {
  readonly place: string;
  readonly text: string;
}

/** Most rows read from one store: far more than a test leaves, few enough to hold in memory. */
export const STORE_ROWS_MAX = 2_000_000;
