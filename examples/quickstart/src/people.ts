import type { IdentityMessage, IdentitySender } from '@strongroom/identity';
import { ok, type Result, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';

/** What the identity part of the story ends with. */
export interface PeopleStoryOutcome {
  readonly beforeVerification: string;
  readonly wrongPassword: string;
  readonly unknownEmail: string;
  readonly signedIn: boolean;
  readonly reusedRefreshToken: string;
  readonly accessTokenAfterReuse: string;
}

/**
 * The demo's mailbox: a host would hand these to its email provider. The single-use token goes to
 * the user, never to a log, so the demo prints only that a message was sent.
 */
export class DemoMailbox {
  readonly #messages: IdentityMessage[] = [];

  /** The sender port's method, bound for `createStrongroom({ identity: { sender } })`. */
  readonly send: IdentitySender['send'] = async (message) => {
    this.#messages.push(message);
    return ok(undefined);
  };

  /** The token of the latest message of a kind, as the recipient would click it. */
  latestSecret(kind: IdentityMessage['kind']): string | null {
    return this.#messages.findLast((message) => message.kind === kind)?.secret ?? null;
  }
}

const PASSWORD = 'correct horse battery staple';

/** The error type a result ended with, or `accepted`. */
function errorOf<Value, Failure extends { readonly type: string }>(
  result: Result<Value, Failure>,
): string {
  return result.isErr() ? result.error.type : 'accepted';
}

/**
 * The identity part of the quickstart: Ann registers (her email is encrypted, its uniqueness kept
 * by a blind index), cannot sign in before verifying it, gets the same answer for a wrong password
 * as an unknown email gets, signs in, and her refresh token rotates; replaying the old one ends
 * the session and its access tokens.
 */
export async function runPeopleStory(
  strongroom: Strongroom,
  tenantId: TenantId,
  mailbox: DemoMailbox,
  print: (line: string) => void,
): Promise<PeopleStoryOutcome> {
  const identity = strongroom.identity;
  if (identity === undefined) throw new Error('the quickstart configures identity');
  const login = (email: string, password: string) =>
    identity.login({
      tenantId,
      email,
      password,
      device: { label: "Ann's laptop" },
      clientAddress: '203.0.113.10',
    });

  const { userId } = unwrapOrThrow(
    await identity.register({
      tenantId,
      email: 'Ann@Example.com',
      password: PASSWORD,
      clientAddress: '203.0.113.10',
    }),
  );
  print(`registered ${userId}; a verification email went to its owner (the token is not printed)`);
  const beforeVerification = errorOf(await login('ann@example.com', PASSWORD));
  print(`sign-in before verifying the email: ${beforeVerification}`);
  unwrapOrThrow(
    await identity.verifyEmail({ tenantId, token: mailbox.latestSecret('email_verification') }),
  );
  const wrongPassword = errorOf(await login('ann@example.com', 'not her password at all'));
  const unknownEmail = errorOf(await login('nobody@example.com', PASSWORD));
  print(`wrong password: ${wrongPassword}; unknown email: ${unknownEmail} (no enumeration)`);

  const session = unwrapOrThrow(await login('ann@example.com', PASSWORD));
  if (session.status !== 'signed_in') throw new Error('Ann enrolled no second factor');
  const principal = unwrapOrThrow(await identity.authenticate(session.accessToken));
  print(`signed in on device ${principal.deviceId}; the access token names ${principal.userId}`);

  const rotated = unwrapOrThrow(
    await identity.refresh({ tenantId, refreshToken: session.refreshToken }),
  );
  const reused = await identity.refresh({ tenantId, refreshToken: session.refreshToken });
  const reusedRefreshToken = errorOf(reused);
  const accessTokenAfterReuse = errorOf(await identity.authenticate(rotated.accessToken));
  print(
    `refresh rotated the token; replaying the old one: ${reusedRefreshToken}, and the session's access token is now ${accessTokenAfterReuse}`,
  );
  return {
    beforeVerification,
    wrongPassword,
    unknownEmail,
    signedIn: principal.userId === userId,
    reusedRefreshToken,
    accessTokenAfterReuse,
  };
}
