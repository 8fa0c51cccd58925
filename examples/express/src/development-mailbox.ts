import type { IdentityMessage, IdentitySender } from '@strongroom/identity';
import { ok } from '@strongroom/kernel';

/** Most messages kept; older ones are dropped, so a long-running example cannot grow without bound. */
const MESSAGES_MAX = 1000;

/**
 * The example's email and SMS sender: it keeps messages in process memory for the in-process demo
 * to read, as a real provider would deliver them to the person. Nothing is printed or served over
 * HTTP: the tokens inside are credentials.
 */
export class DevelopmentMailbox {
  readonly #messages: IdentityMessage[] = [];

  /** The sender port's method. */
  readonly send: IdentitySender['send'] = async (message) => {
    this.#messages.push(message);
    if (this.#messages.length > MESSAGES_MAX) this.#messages.shift();
    return ok(undefined);
  };

  /** The secret of the latest message of `kind` to `recipient`, as its owner would read it. */
  latestSecret(kind: IdentityMessage['kind'], recipient: string): string | undefined {
    return (
      this.#messages.findLast((message) => message.kind === kind && message.to === recipient)
        ?.secret ?? undefined
    );
  }
}
