import type { Result } from '@strongroom/kernel';
import type { EventShape, EventShapeCheck } from '../model/event-fields.js';
import type { TransferFailureStatus } from '../model/transfer-status.js';
import { failedResult } from './event-results.js';
import type { LedgerOverlay } from './ledger-overlay.js';
import type { TransferResult } from './transfer-result.js';

/** What a step answers: a result, a failure code, or `null` for "go on". */
type Answer = TransferResult | TransferFailureStatus;

/** The steps of one event kind (transfer, journal entry), in `TRANSFER_STATUS_PRECEDENCE` order. */
export interface EventKindSteps<Flags, Parsed extends { readonly flags: Flags }> {
  /** Group 2: the id and the flags. */
  checkShape(input: unknown): EventShapeCheck<Flags>;
  /** Group 3, idempotency: the existing record's answer, a burned id, or `null`. */
  checkExisting(scope: LedgerOverlay, shape: EventShape<Flags>): Answer | null;
  /** Group 4: validation without lookups. */
  validate(shape: EventShape<Flags>, now: Date): Result<Parsed, TransferFailureStatus>;
  /** Groups 5–7 for a post or void of a pending event. */
  resolve(scope: LedgerOverlay, parsed: Parsed, timestamp: bigint, now: Date): Answer;
  /** Groups 5–7 for a new event. */
  create(scope: LedgerOverlay, parsed: Parsed, timestamp: bigint, now: Date): Answer;
}

/**
 * Executes one event of a kind against a scope: shape, idempotency, validation, then resolution
 * or creation. Writes to the scope only on success; burning ids is left to the caller.
 */
export function executeEventOfKind<
  Flags extends { readonly postPending: boolean; readonly voidPending: boolean },
  Parsed extends { readonly flags: Flags },
>(
  steps: EventKindSteps<Flags, Parsed>,
  scope: LedgerOverlay,
  input: unknown,
  timestamp: bigint,
  now: Date,
): TransferResult {
  const shape = steps.checkShape(input);
  if (!shape.ok) return failedResult(shape.id, shape.status, timestamp);
  const existing = steps.checkExisting(scope, shape);
  if (existing !== null)
    return typeof existing === 'string' ? failedResult(shape.id, existing, timestamp) : existing;
  const parsed = steps.validate(shape, now);
  if (parsed.isErr()) return failedResult(shape.id, parsed.error, timestamp);
  const resolves = parsed.value.flags.postPending || parsed.value.flags.voidPending;
  const outcome = resolves
    ? steps.resolve(scope, parsed.value, timestamp, now)
    : steps.create(scope, parsed.value, timestamp, now);
  return typeof outcome === 'string' ? failedResult(shape.id, outcome, timestamp) : outcome;
}
