import type { CalendarDate } from '../deadlines/calendar-date.js';

/**
 * A date of the dispute that an issuer's time limit is counted from. `transaction_date` is the
 * Visa Transaction Processing Date (TPD) or the Mastercard Central Site Business Date (CSBD).
 */
export type IssuerAnchor =
  | 'transaction_date'
  | 'expected_delivery_date'
  | 'credit_receipt_date'
  | 'return_date';

/** How a time limit counts its days from the anchor date. */
export type DayCounting =
  /** Visa: "the time limit starts on the calendar day after the TPD" (reference §1). */
  | 'day_after_anchor'
  /** Mastercard: the CSBD "counts as day 1" (reference §2, chargebacks911 (S)). */
  | 'anchor_day';

/** Days the issuer must wait before it may file (Visa 13.1, 13.6, 13.7). */
export interface WaitingPeriod {
  readonly days: number;
  /** The date the wait is counted from. */
  readonly from: IssuerAnchor;
  /** The wait applies only when this date is unknown (13.1: "if no delivery date was specified"). */
  readonly onlyWithout: IssuerAnchor | null;
}

/**
 * How long an issuer has to file a dispute: `days` from the latest known of `anchors`, capped at
 * `capDays` from the transaction date. `confirmed` is false where the reference marks the figure
 * unconfirmed or conflicting: it is then a default that a catalogue override should replace.
 */
export interface IssuerFilingRule {
  readonly days: number;
  /** Candidate anchors; the latest one the dispute knows wins. Always holds `transaction_date`. */
  readonly anchors: readonly IssuerAnchor[];
  readonly counting: DayCounting;
  /** Upper bound in days from the transaction date, or `null` for none. */
  readonly capDays: number | null;
  /** The cap applies to disputes opened on or after this day (`null`: always). */
  readonly capAppliesFrom: CalendarDate | null;
  readonly waitingPeriod: WaitingPeriod | null;
  readonly confirmed: boolean;
  /** True when a catalogue override supplied `days`. */
  readonly overridden: boolean;
}

/** Optional parts of an {@link IssuerFilingRule}; the defaults describe a plain "N days from TPD". */
export interface IssuerFilingRuleOptions {
  readonly anchors?: readonly IssuerAnchor[];
  readonly counting?: DayCounting;
  readonly capDays?: number | null;
  readonly capAppliesFrom?: CalendarDate | null;
  readonly waitingPeriod?: WaitingPeriod | null;
}

/** Builds an {@link IssuerFilingRule} for catalogue data. */
export function issuerFilingRule(
  days: number,
  confirmed: boolean,
  options: IssuerFilingRuleOptions = {},
): IssuerFilingRule {
  return Object.freeze({
    days,
    anchors: Object.freeze([...(options.anchors ?? ['transaction_date'])]),
    counting: options.counting ?? 'day_after_anchor',
    capDays: options.capDays ?? null,
    capAppliesFrom: options.capAppliesFrom ?? null,
    waitingPeriod: options.waitingPeriod ?? null,
    confirmed,
    overridden: false,
  });
}
