/** Serialized UTF-8 bytes the metadata of one account, transfer or journal entry may take. */
export const LEDGER_METADATA_MAX_BYTES = 4096;

/** Nesting depth metadata may reach: deeper is a payload, not context, and costs stack to walk. */
export const LEDGER_METADATA_MAX_DEPTH = 16;

/** Fewest postings a journal entry has: one debit and one credit. */
export const LEDGER_POSTINGS_MIN = 2;

/** Most postings one journal entry may carry. */
export const LEDGER_POSTINGS_MAX = 32;

/** Largest account or transfer `code` (TigerBeetle's u16). Codes start at 1. */
export const LEDGER_CODE_MAX = 65_535;

/** Longest account name, in UTF-16 code units. */
export const LEDGER_NAME_MAX_LENGTH = 128;

/** Longest owner `type` or `id` of an account, in UTF-16 code units. */
export const LEDGER_OWNER_FIELD_MAX_LENGTH = 128;

/**
 * Longest timeout of a pending transfer: 10 years (of 365.25 days). Bounded so that
 * `insertedAt + timeoutMs` can never leave the range of a `Date`; card holds last days to weeks.
 */
export const LEDGER_TIMEOUT_MAX_MS = 315_576_000_000;

/**
 * Most events one execution takes (TigerBeetle's batch size for one message), which keeps one
 * commit, its result list and its change set bounded.
 */
export const LEDGER_BATCH_EVENTS_MAX = 8189;
