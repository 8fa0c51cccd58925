import { assert } from '@strongroom/kernel';
import type { IssuerAnchor, IssuerFilingRule } from '../catalogue/issuer-filing-rule.js';
import type { ReasonCode } from '../catalogue/reason-code.js';
import { addCalendarDays, type CalendarDate, earlierCalendarDate } from './calendar-date.js';
import { anchorDateOf, type DisputeDates } from './dispute-dates.js';

/** When an issuer may file a dispute of one reason code for one transaction. */
export interface IssuerFilingDeadline {
  /** The first day the issuer may file, after a waiting period; `null` when none applies. */
  readonly opensOn: CalendarDate | null;
  /** The last day the issuer may file. */
  readonly closesOn: CalendarDate;
  /** The anchor the window was counted from: the latest one the dispute knows. */
  readonly anchor: IssuerAnchor;
  readonly anchorDate: CalendarDate;
  /** True when the cap cut the window short (then `closesOn` is the cap, not anchor + days). */
  readonly capped: boolean;
  /** Copied from the rule: false when the figures are unconfirmed defaults. */
  readonly confirmed: boolean;
}

/**
 * The issuer's filing window: `days` after the latest known anchor date, never beyond the cap
 * counted from the transaction date, opening after the waiting period where one applies. Visa
 * counts from the day after the anchor, Mastercard counts the anchor as day 1 (see the rule's
 * `counting`). A waiting period counted from a date the dispute does not know is not applied.
 */
export function issuerFilingDeadline(entry: ReasonCode, dates: DisputeDates): IssuerFilingDeadline {
  const rule = entry.issuerFiling;
  assert(rule.anchors.includes('transaction_date'), 'issuer windows always count from the TPD');
  const [anchor, anchorDate] = latestAnchor(rule, dates);
  const firstDayOffset = rule.counting === 'anchor_day' ? -1 : 0;
  const uncapped = addCalendarDays(anchorDate, rule.days + firstDayOffset);
  const cap = capDate(rule, dates, firstDayOffset);
  const closesOn = cap === null ? uncapped : earlierCalendarDate(uncapped, cap);
  return Object.freeze({
    opensOn: opensOn(rule, dates),
    closesOn,
    anchor,
    anchorDate,
    capped: closesOn !== uncapped,
    confirmed: rule.confirmed,
  });
}

function latestAnchor(
  rule: IssuerFilingRule,
  dates: DisputeDates,
): readonly [IssuerAnchor, CalendarDate] {
  let latest: readonly [IssuerAnchor, CalendarDate] = ['transaction_date', dates.transactionDate];
  for (const anchor of rule.anchors) {
    const date = anchorDateOf(dates, anchor);
    if (date !== undefined && date > latest[1]) latest = [anchor, date];
  }
  return latest;
}

function capDate(
  rule: IssuerFilingRule,
  dates: DisputeDates,
  firstDayOffset: number,
): CalendarDate | null {
  if (rule.capDays === null) return null;
  // A cap introduced on a date binds disputes opened from then on; with no opening date known
  // the dispute is not yet filed, so today's rules, cap included, apply.
  const opened = dates.disputeOpenedDate;
  if (rule.capAppliesFrom !== null && opened !== undefined && opened < rule.capAppliesFrom) {
    return null;
  }
  return addCalendarDays(dates.transactionDate, rule.capDays + firstDayOffset);
}

function opensOn(rule: IssuerFilingRule, dates: DisputeDates): CalendarDate | null {
  const wait = rule.waitingPeriod;
  if (wait === null) return null;
  if (wait.onlyWithout !== null && anchorDateOf(dates, wait.onlyWithout) !== undefined) return null;
  const from = anchorDateOf(dates, wait.from);
  return from === undefined ? null : addCalendarDays(from, wait.days);
}
