/**
 * `@strongroom/disputes`: card disputes from first notice to final ruling — an event-sourced
 * state machine, network reason-code catalogues, deadlines and reminders, evidence checklists,
 * Stripe and Adyen mapping, and ledger postings in the same transaction as every dispute event.
 * @module
 */
export { AMEX_REASON_CODES } from './catalogue/amex-reason-codes.js';
export {
  CARD_NETWORKS,
  type CardNetwork,
  isCardNetwork,
  type ReasonCodeNetwork,
} from './catalogue/card-network.js';
export {
  CATALOGUE_OVERRIDES_MAX,
  type CatalogueOverrideError,
  OVERRIDE_ISSUER_FILING_DAYS_MAX,
  OVERRIDE_STAGE_DAYS_MAX,
  type ReasonCodeOverride,
} from './catalogue/catalogue-override.js';
export { DEFAULT_ISSUER_FILING_DAYS } from './catalogue/default-issuer-filing.js';
export { DISCOVER_REASON_CODES } from './catalogue/discover-reason-codes.js';
export {
  DISPUTE_CATEGORIES,
  type DisputeCategory,
  type VisaFlow,
} from './catalogue/dispute-category.js';
export type {
  DayCounting,
  IssuerAnchor,
  IssuerFilingRule,
  WaitingPeriod,
} from './catalogue/issuer-filing-rule.js';
export {
  type LegacyReasonCode,
  MASTERCARD_LEGACY_CODES,
  MASTERCARD_REASON_CODES,
} from './catalogue/mastercard-reason-codes.js';
export {
  NETWORK_STAGES,
  type NetworkStage,
  type StageActor,
  type StageWindow,
  type StageWindows,
} from './catalogue/network-stage.js';
export type { ReasonCode, ReasonCodeMatch, ReasonCodeQuery } from './catalogue/reason-code.js';
export {
  createReasonCodeCatalogue,
  DEFAULT_REASON_CODE_CATALOGUE,
  lookupReasonCode,
  REASON_CODES,
  type ReasonCodeCatalogue,
  type ReasonCodeCatalogueOptions,
} from './catalogue/reason-code-catalogue.js';
export {
  NETWORK_NAME_MAX_LENGTH,
  REASON_CODE_MAX_LENGTH,
  type ReasonCodeInputError,
} from './catalogue/reason-code-input.js';
export { UNKNOWN_REASON_CODE_NAME } from './catalogue/unknown-reason-code.js';
export { VISA_REASON_CODES } from './catalogue/visa-reason-codes.js';
export {
  ALERT_LEAD_TIME_MAX_MS,
  ALERT_LEAD_TIME_MIN_MS,
  ALERT_LEAD_TIMES_MAX,
  type AlertLeadTimesError,
  type AlertTimesOptions,
  alertTimes,
  DEFAULT_ALERT_LEAD_TIMES_MS,
  type DeadlineAlert,
  parseAlertLeadTimes,
} from './deadlines/alert-times.js';
export {
  addCalendarDays,
  CALENDAR_DAYS_SHIFT_MAX,
  CALENDAR_YEAR_MAX,
  CALENDAR_YEAR_MIN,
  type CalendarDate,
  type CalendarDateError,
  calendarDateOf,
  calendarDaysBetween,
  endOfCalendarDate,
  parseCalendarDate,
  startOfCalendarDate,
} from './deadlines/calendar-date.js';
export type { DisputeDates } from './deadlines/dispute-dates.js';
export {
  type DeadlineCandidates,
  type DeadlineSource,
  type EffectiveDeadline,
  effectiveDeadline,
} from './deadlines/effective-deadline.js';
export {
  type IssuerFilingDeadline,
  issuerFilingDeadline,
} from './deadlines/issuer-filing-deadline.js';
export {
  type ProviderDeadline,
  type ProviderDeadlineError,
  stripeDueByDeadline,
  UNIX_SECONDS_MAX,
} from './deadlines/provider-deadline.js';
export {
  type StageDeadline,
  type StageNotApplicableError,
  stageDeadline,
} from './deadlines/stage-deadline.js';
export { type EvidenceChecklist, evidenceChecklist } from './evidence/evidence-checklist.js';
export { EVIDENCE_FIELDS, type EvidenceField, isEvidenceField } from './evidence/evidence-field.js';
export type { EvidenceDocument, EvidenceItem, EvidenceText } from './evidence/evidence-item.js';
export type {
  EvidenceItemError,
  EvidenceItemProperty,
  EvidenceItemReason,
  EvidenceListError,
} from './evidence/evidence-item-error.js';
export {
  EVIDENCE_ITEMS_PER_DISPUTE_MAX,
  EVIDENCE_MEDIA_TYPES,
  EVIDENCE_REFERENCE_MAX_LENGTH,
  EVIDENCE_TEXT_MAX_LENGTH,
} from './evidence/evidence-limits.js';
export {
  EVIDENCE_PROFILE_REQUIREMENTS,
  EVIDENCE_PROFILES,
  type EvidenceProfile,
} from './evidence/evidence-profiles.js';
export type {
  EvidenceRequirement,
  EvidenceRequirementLevel,
} from './evidence/evidence-requirement.js';
export {
  type Parsed,
  parseEvidenceItem,
  parseEvidenceItems,
} from './evidence/parse-evidence-item.js';
export type { CommandSource, FinalStatus, ProviderSource } from './lifecycle/command-source.js';
export { type Decision, decideDispute } from './lifecycle/decide-dispute.js';
export {
  type AcceptCommand,
  type CloseInquiryCommand,
  type DisputeCommand,
  type DisputeCommandBase,
  type DisputeCommandType,
  type DisputeOpening,
  type EscalateInquiryCommand,
  type EscalateToArbitrationCommand,
  type ExpireCommand,
  type FilePreArbitrationCommand,
  isOpenDisputeCommand,
  type OpenChargebackCommand,
  type OpenDisputeCommand,
  type OpenInquiryCommand,
  type OpenPreArbitrationCommand,
  type RecordIssuerDecisionCommand,
  type RecordPreventionCommand,
  type RecordRulingCommand,
  type ReinstateFundsCommand,
  type ResolveProvisionalCommand,
  type SetDeadlineCommand,
  type StageEvidenceCommand,
  type SubmitEvidenceCommand,
  type WithdrawFundsCommand,
} from './lifecycle/dispute-command.js';
export {
  type DisputeAmount,
  type DisputeNetwork,
  type EvidenceItemJson,
  NO_DEADLINE,
  type PlainObject,
  type ProviderReference,
  type ResponseDeadline,
} from './lifecycle/dispute-data.js';
export { disputeDecider } from './lifecycle/dispute-decider.js';
export type {
  DisputeAlreadyExistsError,
  DisputeConflictingFinalStatusError,
  DisputeError,
  DisputeEvidenceAlreadySubmittedError,
  DisputeFundsAlreadyWithdrawnError,
  DisputeFundsNotWithdrawnError,
  DisputeNoEvidenceStagedError,
  DisputeNotDefendableError,
  DisputeNotFoundError,
  DisputeSourceNotAllowedError,
  DisputeTooManyEvidenceItemsError,
  DisputeTransitionNotAllowedError,
} from './lifecycle/dispute-error.js';
export {
  DISPUTE_EVENT_SCHEMA_VERSION,
  type DisputeEvent,
  type DisputeEventContext,
  type DisputeEventOf,
  type DisputeEventType,
  type DisputeFundsEvent,
  type DisputeFundsPayload,
  type DisputeOpenedEvent,
  type DisputeOpenedPayload,
  type DisputeTransitionEvent,
  type DisputeTransitionPayload,
} from './lifecycle/dispute-event.js';
export {
  DISPUTE_AMOUNT_MAX_DIGITS,
  DISPUTE_APPLIED_NOTIFICATIONS_MAX,
  DISPUTE_PROVIDER_ID_MAX_LENGTH,
  DISPUTE_PROVIDER_NAME_MAX_LENGTH,
  DISPUTE_REASON_CODE_MAX_LENGTH,
} from './lifecycle/dispute-limits.js';
export { type Dispute, type DisputeState, initialDisputeState } from './lifecycle/dispute-state.js';
export {
  DISPUTE_STAGES,
  DISPUTE_STATUSES,
  type DisputeStage,
  type DisputeStatus,
  isNeedsResponseStatus,
  isTerminalStatus,
  LOST_REASONS,
  type LostReason,
  NEEDS_RESPONSE_STATUSES,
  type OpenDisputeStatus,
  stageOfStatus,
  TERMINAL_STATUSES,
  type TerminalDisputeStatus,
} from './lifecycle/dispute-status.js';
export {
  DISPUTE_TRANSITIONS,
  type DisputeTransition,
  type DisputeTransitionKey,
} from './lifecycle/dispute-transitions.js';
export { evolveDispute } from './lifecycle/evolve-dispute.js';
export {
  ADYEN_DISPUTE_EVENT_CODES,
  type AdyenDisputeEventCode,
} from './providers/adyen-notification-schema.js';
export type { DistributiveOmit } from './providers/distributive-omit.js';
export {
  ADYEN_PROVIDER,
  parseAdyenDisputeNotification,
} from './providers/parse-adyen-dispute-notification.js';
export { type AdyenItemResult, parseAdyenWebhook } from './providers/parse-adyen-webhook.js';
export {
  parseStripeDisputeEvent,
  STRIPE_PROVIDER,
} from './providers/parse-stripe-dispute-event.js';
export {
  ADYEN_WEBHOOK_ITEMS_MAX,
  PROVIDER_REFERENCE_MAX_LENGTH,
} from './providers/provider-limits.js';
export type {
  ProviderCommand,
  ProviderNotification,
  ProviderOpening,
} from './providers/provider-notification.js';
export type {
  ProviderPayloadError,
  ProviderPayloadErrorReason,
} from './providers/provider-payload-error.js';
export {
  STRIPE_DISPUTE_EVENT_TYPES,
  STRIPE_DISPUTE_STATUSES,
  type StripeDisputeEventType,
  type StripeDisputeStatus,
} from './providers/stripe-dispute-schema.js';
export {
  PROVIDER_COMMANDS_MAX,
  type ProviderNotificationOutcome,
} from './service/apply-provider-notification.js';
export {
  DISPUTE_BATCH_SIZE_MAX,
  type DisputeAutoBatchOptions,
} from './service/dispute-auto-batch.js';
export { DISPUTE_COLLECTIONS } from './service/dispute-collections.js';
export {
  type DisputeFee,
  type DisputeFeeSchedule,
  NO_DISPUTE_FEES,
} from './service/dispute-fee-schedule.js';
export type {
  DisputeHouseAccounts,
  DisputeHouseAccountsByCurrency,
} from './service/dispute-house-accounts.js';
export {
  DISPUTE_REINSTATEMENT,
  DISPUTE_TRANSFER_CODES,
  DISPUTE_WITHDRAWAL,
  DISPUTE_WRITE_OFF,
} from './service/dispute-posting-templates.js';
export {
  DISPUTE_PAGE_LIMIT_MAX,
  type DisputeListQuery,
  type DisputePageRequest,
  type DisputeTimelineEntry,
} from './service/dispute-queries.js';
export {
  DISPUTES_SYSTEM_ACTOR,
  type DisputeRequestContext,
} from './service/dispute-request-context.js';
export { createDisputes, type Disputes } from './service/disputes.js';
export type {
  DisputeAmountExceedsTransferError,
  DisputeHouseAccountsMissingError,
  DisputeMerchantAccountError,
  DisputePaymentNotResolvedError,
  DisputePostingFailedError,
  DisputeProviderReferenceTakenError,
  DisputesError,
  DisputeTransferNotFoundError,
} from './service/disputes-error.js';
export type { DisputesOptions, ResolvedPayment } from './service/disputes-options.js';
export type { DisputeCommandOutcome } from './service/run-dispute-command.js';
export {
  type DisputeSweeperOptions,
  startDisputeSweeper,
} from './service/start-dispute-sweeper.js';
export {
  DEADLINE_APPROACHING_EVENT,
  DISPUTE_SWEEP_LIMIT_MAX,
  type DisputeSweepOutcome,
} from './service/sweep-dispute-deadlines.js';
