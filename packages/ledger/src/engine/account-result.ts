import type { Account } from '../model/account.js';
import type { AccountStatus } from '../model/account-status.js';

/** The result of one account-creation event, in the order of the inputs. */
export interface AccountResult {
  /** The id as sent (`''` when it sent none). */
  readonly id: string;
  /** `created`, `exists` or the failure of highest precedence. */
  readonly status: AccountStatus;
  /** The event's commit stamp; for `exists` the original one. */
  readonly timestamp: bigint;
  /** The account created (or found, for `exists`); else `null`. */
  readonly account: Account | null;
}
