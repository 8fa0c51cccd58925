import type { IdentityMessage, IdentitySender } from '@strongroom/identity';
import { ok } from '@strongroom/kernel';

/** Most messages kept; older ones are dropped, so a warm instance cannot grow without bound. */
const MESSAGES_MAX = 1000;

/**
 * The identity sender of the example: verification emails and codes are kept in this instance's
 * memory, where the tests read them as the person would from their inbox. Nothing is logged or
 * served (the secrets inside are credentials). A deployment puts its email and SMS provider (SES,
 * SNS, …) behind the same `IdentitySender` port instead.
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
