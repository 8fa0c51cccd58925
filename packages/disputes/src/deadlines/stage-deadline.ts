import { type DomainError, err, ok, type Result } from '@strongroom/kernel';
import type { NetworkStage, StageActor } from '../catalogue/network-stage.js';
import type { ReasonCode } from '../catalogue/reason-code.js';
import { addCalendarDays, type CalendarDate, endOfCalendarDate } from './calendar-date.js';

/** The network's time limit of one stage of one dispute. */
export interface StageDeadline {
  readonly stage: NetworkStage;
  /** The day the stage started (for `dispute_response`, the dispute processing date). */
  readonly startedOn: CalendarDate;
  /** The last day to act: `startedOn` plus the stage's calendar days. */
  readonly dueOn: CalendarDate;
  /** The last second of `dueOn` in UTC, comparable with a provider's deadline. */
  readonly dueAt: Date;
  readonly actor: StageActor;
  /** When the window ends unanswered, the network accepts on the merchant's behalf. */
  readonly autoAccepted: boolean;
  /** False when the window is an unconfirmed default. */
  readonly confirmed: boolean;
}

/** The reason code skips the stage (Mastercard 4808, 4870, 4871 have no pre-arbitration). */
export interface StageNotApplicableError extends DomainError<'disputes.stage_not_applicable'> {
  readonly stage: NetworkStage;
}

/**
 * The network deadline of a stage: the stage's calendar days counted from the day it started
 * (reference §1, §2: Visa +30 for response, pre-arbitration and its response, +10 for
 * arbitration; Mastercard +45 second presentment, +30 pre-arbitration response; Amex 20;
 * Discover 30). A provider's own deadline wins over this one: see `effectiveDeadline`.
 */
export function stageDeadline(
  entry: ReasonCode,
  stage: NetworkStage,
  startedOn: CalendarDate,
): Result<StageDeadline, StageNotApplicableError> {
  const window = entry.stages[stage];
  if (window === null) return err({ type: 'disputes.stage_not_applicable', stage });
  const dueOn = addCalendarDays(startedOn, window.days);
  return ok(
    Object.freeze({
      stage,
      startedOn,
      dueOn,
      dueAt: endOfCalendarDate(dueOn),
      actor: window.actor,
      autoAccepted: window.autoAccepted,
      confirmed: window.confirmed,
    }),
  );
}
