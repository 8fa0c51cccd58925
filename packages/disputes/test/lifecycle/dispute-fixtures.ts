import { type Id, unwrapOrThrow } from '@strongroom/kernel';
import type { EvidenceItem } from '../../src/evidence/evidence-item.js';
import type { CommandSource, FinalStatus } from '../../src/lifecycle/command-source.js';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import type {
  DisputeCommand,
  DisputeCommandType,
  DisputeOpening,
} from '../../src/lifecycle/dispute-command.js';
import type { ResponseDeadline } from '../../src/lifecycle/dispute-data.js';
import type { DisputeEvent } from '../../src/lifecycle/dispute-event.js';
import type { Dispute, DisputeState } from '../../src/lifecycle/dispute-state.js';
import type { DisputeStatus } from '../../src/lifecycle/dispute-status.js';
import { evolveDispute } from '../../src/lifecycle/evolve-dispute.js';

export const DISPUTE_ID = 'dsp_01h455vb4pex5vsknk084sn02q' as Id<'dsp'>;
export const TRANSFER_ID = 'trf_01h455vb4pex5vsknk084sn02r' as Id<'trf'>;
export const MERCHANT_ACCOUNT_ID = 'acc_01h455vb4pex5vsknk084sn02s' as Id<'acc'>;
export const AT = '2025-03-14T09:30:00Z';

export const MERCHANT: CommandSource = { kind: 'merchant' };
export const SYSTEM: CommandSource = { kind: 'system' };

/** A provider notification; `final` is the provider's final status when it has one. */
export function notice(
  notificationId: string,
  final?: FinalStatus,
  provider = 'adyen',
): CommandSource {
  return final === undefined
    ? { kind: 'provider', provider, notificationId }
    : { kind: 'provider', provider, notificationId, final };
}

export const NETWORK_DEADLINE: ResponseDeadline = {
  kind: 'due',
  dueAt: '2025-04-13T00:00:00Z',
  source: 'network',
};
export const PROVIDER_DEADLINE: ResponseDeadline = {
  kind: 'due',
  dueAt: '2025-04-05T00:00:00Z',
  source: 'provider',
};

/** A Visa 13.1 dispute of 49.99 USD on a Stripe charge. */
export const OPENING: DisputeOpening = {
  transferId: TRANSFER_ID,
  merchantAccountId: MERCHANT_ACCOUNT_ID,
  network: 'visa',
  reasonCode: '13.1',
  amount: { amountMinor: '4999', currency: 'USD' },
  transactionDate: '2025-02-01',
  providerReference: { provider: 'stripe', providerDisputeId: 'dp_1QxYz' },
  deadline: NETWORK_DEADLINE,
};

export function textItem(field: string, text = `about ${field}`): EvidenceItem {
  return { kind: 'text', field, text };
}

export function documentItem(field: string): EvidenceItem {
  return {
    kind: 'document',
    field,
    reference: `s3://evidence/${field}.pdf`,
    sha256: 'a'.repeat(64),
    sizeBytes: 20_480,
    mediaType: 'application/pdf',
  };
}

type Base = { readonly source?: CommandSource; readonly occurredAt?: string };

function base(options: Base = {}) {
  return {
    disputeId: DISPUTE_ID,
    occurredAt: options.occurredAt ?? AT,
    source: options.source ?? MERCHANT,
  };
}

/** Command builders with the fixture's dispute; the source defaults to the merchant. */
export const command = {
  openInquiry: (options: Base & Partial<DisputeOpening> = {}): DisputeCommand => ({
    ...OPENING,
    ...options,
    ...base(options),
    type: 'open_inquiry',
  }),
  openChargeback: (
    withdrawsFunds: boolean,
    options: Base & Partial<DisputeOpening> = {},
  ): DisputeCommand => ({
    ...OPENING,
    ...options,
    ...base(options),
    type: 'open_chargeback',
    withdrawsFunds,
  }),
  recordPrevention: (options: Base = {}): DisputeCommand => ({
    ...OPENING,
    ...base(options),
    type: 'record_prevention',
  }),
  stageEvidence: (items: readonly EvidenceItem[], options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'stage_evidence',
    items,
  }),
  submitEvidence: (options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'submit_evidence',
  }),
  escalateInquiry: (
    withdrawsFunds: boolean,
    options: Base & { readonly reasonCode?: string } = {},
  ): DisputeCommand => ({
    ...base(options),
    type: 'escalate_inquiry',
    withdrawsFunds,
    ...(options.reasonCode === undefined ? {} : { reasonCode: options.reasonCode }),
  }),
  closeInquiry: (options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'close_inquiry',
  }),
  accept: (options: Base = {}): DisputeCommand => ({ ...base(options), type: 'accept' }),
  expire: (options: Base = {}): DisputeCommand => ({ ...base(options), type: 'expire' }),
  filePreArbitration: (options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'file_pre_arbitration',
  }),
  issuerDecision: (
    decision: 'accepted' | 'accepted_provisionally' | 'rejected',
    options: Base = {},
  ): DisputeCommand => ({ ...base(options), type: 'record_issuer_decision', decision }),
  openPreArbitration: (withdrawsFunds: boolean, options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'open_pre_arbitration',
    withdrawsFunds,
  }),
  escalateToArbitration: (withdrawsFunds: boolean, options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'escalate_to_arbitration',
    withdrawsFunds,
  }),
  ruling: (outcome: 'won' | 'lost', options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'record_ruling',
    outcome,
  }),
  resolveProvisional: (options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'resolve_provisional',
  }),
  withdrawFunds: (options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'withdraw_funds',
  }),
  reinstateFunds: (options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'reinstate_funds',
  }),
  setDeadline: (deadline: ResponseDeadline, options: Base = {}): DisputeCommand => ({
    ...base(options),
    type: 'set_deadline',
    deadline,
  }),
} as const;

/** A dispute's stream in a test: the state and every event recorded so far. */
export interface Stream {
  readonly state: DisputeState;
  readonly events: readonly DisputeEvent[];
}

export const EMPTY_STREAM: Stream = { state: null, events: [] };

/** Decides and applies each command in turn; a refused command fails the test. */
export function given(commands: readonly DisputeCommand[], stream: Stream = EMPTY_STREAM): Stream {
  return commands.reduce((current, next) => {
    const events = unwrapOrThrow(decideDispute(next, current.state));
    return {
      state: events.reduce(evolveDispute, current.state),
      events: [...current.events, ...events],
    };
  }, stream);
}

/** The dispute of a stream that has one. */
export function disputeOf(stream: Stream): Dispute {
  if (stream.state === null) throw new Error('the stream has no dispute');
  return stream.state;
}

/** The event types of a list, for compact expectations. */
export function typesOf(events: readonly DisputeEvent[]): readonly string[] {
  return events.map((event) => event.type);
}

/**
 * The merchant's balance change the money events post, in minor units: a withdrawal debits the
 * disputed amount, a reinstatement credits it back, a write-off moves nothing (it reclassifies).
 */
export function merchantBalanceChangeMinor(events: readonly DisputeEvent[]): bigint {
  return events.reduce((sum, event) => {
    if (event.type === 'dispute.funds_withdrawn')
      return sum - BigInt(event.payload.amount.amountMinor);
    if (event.type === 'dispute.funds_reinstated')
      return sum + BigInt(event.payload.amount.amountMinor);
    return sum;
  }, 0n);
}

/**
 * One way to reach each state with plain requests (merchant and system): needs-response states
 * hold one staged item, the chargeback debit comes with the chargeback, and a pre-arbitration
 * or arbitration opened after a reversal debits again.
 */
export const PATHS: Readonly<Record<DisputeStatus, readonly DisputeCommand[]>> = (() => {
  const stage = command.stageEvidence([textItem('customer_communication')]);
  const inquiry = [command.openInquiry({ source: SYSTEM }), stage];
  const chargeback = [command.openChargeback(true, { source: SYSTEM }), stage];
  const underReview = [...chargeback, command.submitEvidence()];
  const reversed = [
    ...underReview,
    command.issuerDecision('accepted_provisionally', { source: SYSTEM }),
  ];
  const preArbitration = [
    ...reversed,
    command.openPreArbitration(true, { source: SYSTEM }),
    command.stageEvidence([textItem('rebuttal')]),
  ];
  return {
    inquiry_needs_response: inquiry,
    inquiry_under_review: [...inquiry, command.submitEvidence()],
    inquiry_closed: [...inquiry, command.closeInquiry({ source: SYSTEM })],
    chargeback_needs_response: chargeback,
    chargeback_under_review: underReview,
    chargeback_reversed_provisional: reversed,
    prearb_needs_response: preArbitration,
    prearb_filed_by_merchant: [...chargeback, command.filePreArbitration()],
    prearb_under_review: [...preArbitration, command.submitEvidence()],
    arbitration_pending: [...reversed, command.escalateToArbitration(true, { source: SYSTEM })],
    won: [...underReview, command.issuerDecision('accepted', { source: SYSTEM })],
    lost: [...chargeback, command.accept()],
    prevented: [command.recordPrevention({ source: SYSTEM })],
  };
})();

/** The stream of a dispute brought to `status` along {@link PATHS}. */
export function streamAt(status: DisputeStatus): Stream {
  return given(PATHS[status]);
}

// A record, so the compiler insists on every command type.
const COMMAND_TYPE_SET: Readonly<Record<DisputeCommandType, true>> = {
  open_inquiry: true,
  open_chargeback: true,
  record_prevention: true,
  stage_evidence: true,
  submit_evidence: true,
  escalate_inquiry: true,
  close_inquiry: true,
  accept: true,
  expire: true,
  file_pre_arbitration: true,
  record_issuer_decision: true,
  open_pre_arbitration: true,
  escalate_to_arbitration: true,
  record_ruling: true,
  resolve_provisional: true,
  withdraw_funds: true,
  reinstate_funds: true,
  set_deadline: true,
};

/** Every command type, for exhaustiveness checks. */
export const COMMAND_TYPES = Object.keys(COMMAND_TYPE_SET) as readonly DisputeCommandType[];
