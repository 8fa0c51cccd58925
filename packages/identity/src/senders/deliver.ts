import type { IdentityContext } from '../service/identity-context.js';
import type { IdentityMessage } from './identity-sender.js';

/**
 * Hands a message to the host's sender after the command committed. A failed delivery does not
 * undo the command (the token stays valid until it expires); the caller is told and may resend.
 */
export async function deliver(
  context: IdentityContext,
  message: IdentityMessage,
): Promise<boolean> {
  const sent = await context.sender.send(message);
  return sent.isOk();
}
