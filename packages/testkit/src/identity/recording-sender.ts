import type { IdentityMessage, IdentityMessageKind, IdentitySender } from '@strongroom/identity';
import { type InfrastructureError, ok, type Result } from '@strongroom/kernel';

/** Most messages one suite mailbox keeps; a case that sends more has a runaway loop. */
export const SUITE_MAILBOX_MESSAGES_MAX = 1000;

/**
 * The suite's mailbox: a real {@link IdentitySender} that delivers every message into a list the
 * cases read, as a user reads their inbox or phone. Each delivered secret is also reported to
 * `onSecret`, so the stored-data scan can prove no token or code reached the storage.
 */
export class RecordingSender implements IdentitySender {
  readonly #messages: IdentityMessage[] = [];
  readonly #onSecret: (message: IdentityMessage) => void;

  /** `onSecret` sees every message that carries a token or code. */
  constructor(onSecret: (message: IdentityMessage) => void) {
    this.#onSecret = onSecret;
  }

  /** Delivers by keeping the message. */
  async send(message: IdentityMessage): Promise<Result<void, InfrastructureError>> {
    if (this.#messages.length >= SUITE_MAILBOX_MESSAGES_MAX) {
      throw new Error(`the suite mailbox holds at most ${SUITE_MAILBOX_MESSAGES_MAX} messages`);
    }
    this.#messages.push(message);
    if (message.secret !== null) this.#onSecret(message);
    return ok(undefined);
  }

  /** Every message of a kind sent to `to` (an address or phone number), oldest first. */
  messagesTo(to: string, kind: IdentityMessageKind): IdentityMessage[] {
    return this.#messages.filter((message) => message.to === to && message.kind === kind);
  }

  /** The newest message of a kind sent to `to`; throws when there is none. */
  latestTo(to: string, kind: IdentityMessageKind): IdentityMessage {
    const latest = this.messagesTo(to, kind).at(-1);
    if (latest === undefined) throw new Error(`no ${kind} message was delivered`);
    return latest;
  }

  /** The secret of the newest message of a kind sent to `to`; throws when there is none. */
  secretFor(to: string, kind: IdentityMessageKind): string {
    const { secret } = this.latestTo(to, kind);
    if (secret === null) throw new Error(`the ${kind} message carries no secret`);
    return secret;
  }
}
