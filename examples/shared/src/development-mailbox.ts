import type { IdentityMessage, IdentitySender } from '@strongroom/identity';
import { ok } from '@strongroom/kernel';

/**
 * Most messages kept; older ones are dropped, so a long-running process or a warm Lambda instance
 * cannot grow without bound.
 */
const MESSAGES_MAX = 1000;

/**
 * The examples' email and SMS sender: verification emails and codes are kept in the memory of
 * this process (of this instance, on Lambda), where the demo and the tests read them as the person
 * would from their inbox. Nothing is logged, printed or served over HTTP: the secrets inside are
 * credentials. A deployment puts its email and SMS provider (SES, SNS, …) behind the same
 * `IdentitySender` port instead.
 */
export class DevelopmentMailbox implements IdentitySender {
  readonly #messages: IdentityMessage[] = [];

  /** Keeps the message (a bound function: identity may call it detached). */
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
