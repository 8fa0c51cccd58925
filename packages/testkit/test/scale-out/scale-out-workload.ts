import type { Disputes } from '@strongroom/disputes';
import { parseId, type Result, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { LedgerEvent } from '@strongroom/ledger';
import type { Strongroom } from '@strongroom/sdk';
import { CARD_PERMISSIONS, type CardPrincipal } from '@strongroom/vault';
import type {
  CommandOutcome,
  PlannedDispute,
  PlannedOperation,
  PlannedPending,
  PlannedTransfer,
  ScaleOutConfig,
  ScaleOutReport,
} from './scale-out-config.js';

// A command that did not decide (conflict budget spent, a connection fault) is sent again with the
// same id, as a client would: the id makes that safe.
const COMMAND_ATTEMPTS_MAX = 30;
const RETRY_PAUSE_STEP_MS = 20;

type ErrorLike = { readonly type: string; readonly retryable?: boolean };

/** What a workload leaves for the report, before the worker's recording is added. */
export type WorkloadOutcome = Pick<ScaleOutReport, 'transfers' | 'tokens' | 'disputes'>;

function pause(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

// What a client resends. Not `events.version_conflict`: a dispute command reads its stream for
// update, so racing commands run one after the other and the loser answers with the state
// machine's refusal; a version conflict reaching the caller would be a bug the invariants catch.
function isRetryable(error: ErrorLike): boolean {
  return (
    error.type === 'storage.conflict' ||
    (error.type === 'infrastructure' && error.retryable === true)
  );
}

async function untilDecided<T, E extends ErrorLike>(
  send: () => Promise<Result<T, E>>,
): Promise<{
  readonly result: Result<T, E>;
  readonly attempts: number;
  readonly retried: string[];
}> {
  const retried: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const result = await send();
    if (result.isOk() || !isRetryable(result.error) || attempt === COMMAND_ATTEMPTS_MAX)
      return { result, attempts: attempt, retried };
    retried.push(result.error.type);
    await pause(RETRY_PAUSE_STEP_MS * attempt);
  }
}

/** Runs a process's share of the plan in `config.lanes` concurrent lanes and says how each ended. */
export async function runWorkload(
  strongroom: Strongroom,
  tenantId: TenantId,
  config: ScaleOutConfig,
): Promise<WorkloadOutcome> {
  const engine = strongroom.disputes;
  if (engine === undefined) throw new Error('the scale-out facade has disputes');
  const disputes: Disputes = engine;
  const transfers: CommandOutcome[] = [];
  const tokens: WorkloadOutcome['tokens'][number][] = [];
  const opened: WorkloadOutcome['disputes'][number][] = [];
  const merchant = unwrapOrThrow(parseId('acc', config.accounts.merchants[config.processIndex]));
  const principal: CardPrincipal = {
    actor: { type: 'service', id: `scale-out-${config.processIndex}` },
    permissions: new Set([CARD_PERMISSIONS.tokenize]),
  };

  async function send(id: string, event: LedgerEvent): Promise<string> {
    const { result, attempts } = await untilDecided(() =>
      strongroom.ledger.createTransfer(tenantId, event),
    );
    const status = result.isOk() ? result.value.status : result.error.type;
    transfers.push({ id, status, attempts });
    return status;
  }

  function movement(planned: PlannedTransfer | PlannedPending): LedgerEvent {
    return {
      kind: 'transfer',
      transfer: {
        id: planned.id,
        debitAccountId: planned.debitAccountId,
        creditAccountId: planned.creditAccountId,
        amountMinor: BigInt(planned.amountMinor),
        currency: planned.currency,
        code: 1,
        ...(planned.kind === 'pending'
          ? { flags: { pending: true }, timeoutMs: planned.timeoutMs }
          : {}),
      },
    };
  }

  async function hold(planned: PlannedPending): Promise<void> {
    const status = await send(planned.id, movement(planned));
    const { resolution } = planned;
    if (status !== 'created' || resolution.kind === 'none') return;
    // Some posts and voids are timed to land around the timeout, racing every process's sweep.
    await pause(resolution.afterMs);
    await send(resolution.id, {
      kind: 'transfer',
      transfer: {
        id: resolution.id,
        pendingId: planned.id,
        flags: resolution.kind === 'post' ? { postPending: true } : { voidPending: true },
      },
    });
  }

  async function dispute(planned: PlannedDispute): Promise<void> {
    const paid = await send(planned.paymentId, {
      kind: 'transfer',
      transfer: {
        id: planned.paymentId,
        debitAccountId: config.accounts.settlement,
        creditAccountId: merchant,
        amountMinor: BigInt(planned.amountMinor),
        currency: 'USD',
        code: 2,
      },
    });
    if (paid !== 'created') throw new Error(`a dispute's payment was refused: ${paid}`);
    const disputeId = unwrapOrThrow(parseId('dsp', planned.disputeId));
    const now = new Date();
    const dueAt = new Date(now.getTime() + planned.deadlineOffsetMs).toISOString();
    const open = await untilDecided(() =>
      disputes.execute(tenantId, {
        type: 'open_chargeback',
        disputeId,
        occurredAt: now.toISOString(),
        source: { kind: 'merchant' },
        transferId: unwrapOrThrow(parseId('trf', planned.paymentId)),
        merchantAccountId: merchant,
        network: 'visa',
        reasonCode: '13.1',
        amount: { amountMinor: planned.amountMinor, currency: 'USD' },
        transactionDate: now.toISOString().slice(0, 10),
        withdrawsFunds: true,
        deadline: { kind: 'due', dueAt, source: 'provider' },
      }),
    );
    const openStatus = open.result.isOk() ? 'opened' : open.result.error.type;
    const retried = [...open.retried];
    let accept: string | null = null;
    if (open.result.isOk() && planned.acceptAfterMs !== null) {
      // Timed around the deadline: the merchant's acceptance races the sweeps' expiry.
      await pause(planned.acceptAfterMs);
      const accepted = await untilDecided(() =>
        disputes.execute(tenantId, {
          type: 'accept',
          disputeId,
          occurredAt: new Date().toISOString(),
          source: { kind: 'merchant' },
        }),
      );
      accept = accepted.result.isOk() ? 'accepted' : accepted.result.error.type;
      retried.push(...accepted.retried);
    }
    opened.push({ disputeId: planned.disputeId, open: openStatus, accept, dueAt, retried });
  }

  async function tokenize(panIndex: number): Promise<void> {
    const pan = config.pans[panIndex];
    if (pan === undefined) throw new Error('planned cards come from the pool');
    const { result } = await untilDecided(() =>
      strongroom.vault.cards.tokenize(tenantId, principal, {
        pan,
        expiryMonth: 12,
        expiryYear: new Date().getUTCFullYear() + 3,
        cardholderName: 'Scale Out',
      }),
    );
    tokens.push({ panIndex, token: result.isOk() ? result.value.token : null });
  }

  async function run(operation: PlannedOperation): Promise<void> {
    switch (operation.kind) {
      case 'transfer':
        await send(operation.id, movement(operation));
        return;
      case 'pending':
        return hold(operation);
      case 'tokenize':
        return tokenize(operation.panIndex);
      case 'dispute':
        return dispute(operation);
    }
  }

  const queue = [...config.plan];
  const lane = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await run(next);
  };
  await Promise.all(Array.from({ length: config.lanes }, lane));
  return { transfers, tokens, disputes: opened };
}
