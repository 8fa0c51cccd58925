import type { IssuerAnchor } from '../catalogue/issuer-filing-rule.js';
import type { CalendarDate } from './calendar-date.js';

/** The dates of a dispute that network time limits are counted from; only the first is required. */
export interface DisputeDates {
  /** Visa's Transaction Processing Date (TPD) or Mastercard's Central Site Business Date (CSBD). */
  readonly transactionDate: CalendarDate;
  /** The dispute processing date: the day the issuer's dispute reached the network. */
  readonly disputeOpenedDate?: CalendarDate;
  /** The day the cardholder received, or last expected to receive, the goods or services. */
  readonly expectedDeliveryDate?: CalendarDate;
  /** The day the cardholder received the merchant's credit receipt (voucher). */
  readonly creditReceiptDate?: CalendarDate;
  /** The day the cardholder returned the goods or cancelled the service. */
  readonly returnDate?: CalendarDate;
}

/** The date of a dispute an anchor names, or `undefined` when the dispute does not know it. */
export function anchorDateOf(dates: DisputeDates, anchor: IssuerAnchor): CalendarDate | undefined {
  switch (anchor) {
    case 'transaction_date':
      return dates.transactionDate;
    case 'expected_delivery_date':
      return dates.expectedDeliveryDate;
    case 'credit_receipt_date':
      return dates.creditReceiptDate;
    case 'return_date':
      return dates.returnDate;
  }
}
