import type { Authorization } from '@strongroom/identity';
import { CARD_PERMISSIONS, type CardPrincipal } from '@strongroom/vault';
import type { Context } from 'hono';
import type { HttpEnv } from '../../http-env.js';
import { principalOf } from '../../middleware/authenticate.js';
import { actorOf } from '../route-dependencies.js';

/**
 * The vault's view of the signed-in caller: its audit actor and the card permissions its roles
 * grant. The vault checks them itself, so a refusal is written to the audit log with the request.
 */
export function cardPrincipalOf(c: Context<HttpEnv>, authorization: Authorization): CardPrincipal {
  const principal = principalOf(c);
  return {
    actor: actorOf(principal),
    permissions: new Set(
      Object.values(CARD_PERMISSIONS).filter((permission) =>
        authorization.can(principal, permission),
      ),
    ),
  };
}
