import type { NetworkStage } from '../catalogue/network-stage.js';
import type { ReasonCodeCatalogue } from '../catalogue/reason-code-catalogue.js';
import { calendarDateOf } from '../deadlines/calendar-date.js';
import { stageDeadline } from '../deadlines/stage-deadline.js';
import type { DisputeCommand } from '../lifecycle/dispute-command.js';
import type { ResponseDeadline } from '../lifecycle/dispute-data.js';
import type { DisputeState } from '../lifecycle/dispute-state.js';

// The commands that leave the merchant a response to give, and the network stage it belongs to.
type AskingCommand = Extract<
  DisputeCommand,
  { readonly type: 'open_chargeback' | 'escalate_inquiry' | 'open_pre_arbitration' }
>;

function stageAskedBy(command: AskingCommand): NetworkStage {
  return command.type === 'open_pre_arbitration' ? 'pre_arbitration_response' : 'dispute_response';
}

function isAsking(command: DisputeCommand): command is AskingCommand {
  return (
    command.type === 'open_chargeback' ||
    command.type === 'escalate_inquiry' ||
    command.type === 'open_pre_arbitration'
  );
}

/**
 * Fills in the network's default deadline for a command that asks the merchant to respond and
 * carries no deadline of its own: counted from the day the command happened, by the stage's
 * window in the catalogue (unknown codes get the catalogue's conservative defaults). A provider
 * deadline, when the command has one, is kept: PSP cut-offs are shorter than the network's.
 */
export function withNetworkDeadline(
  command: DisputeCommand,
  state: DisputeState,
  catalogue: ReasonCodeCatalogue,
): DisputeCommand {
  if (!isAsking(command) || command.deadline !== undefined) return command;
  const network =
    command.type === 'open_chargeback' ? command.network : (state?.network ?? 'unknown');
  const code =
    (command.type === 'open_pre_arbitration' ? undefined : command.reasonCode) ??
    state?.reasonCode ??
    'unknown';
  const match = catalogue.lookup(network, code);
  if (match.isErr()) return command;
  const occurredAt = new Date(command.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) return command;
  const due = stageDeadline(match.value.entry, stageAskedBy(command), calendarDateOf(occurredAt));
  if (due.isErr()) return command;
  const deadline: ResponseDeadline = {
    kind: 'due',
    dueAt: due.value.dueAt.toISOString(),
    source: 'network',
  };
  return { ...command, deadline };
}
