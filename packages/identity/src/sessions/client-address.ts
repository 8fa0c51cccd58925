import { err, ok, type Result, type ValidationError, validationError } from '@strongroom/kernel';
import { CLIENT_ADDRESS_MAX_LENGTH } from '../service/identity-limits.js';

// IPv4, IPv6 (with an optional zone) or a host's own opaque client key: no spaces or controls.
const CLIENT_ADDRESS_PATTERN = /^[0-9A-Za-z.:%_-]+$/;

/**
 * Checks the client address a host passes for per-address rate limits. The host decides what the
 * address is (the socket's, or the first untrusted hop of `X-Forwarded-For`); identity only bounds it.
 */
export function checkClientAddress(input: unknown): Result<string, ValidationError> {
  if (typeof input !== 'string') return err(validationError('clientAddress', 'not_a_string'));
  if (input.length === 0 || input.length > CLIENT_ADDRESS_MAX_LENGTH)
    return err(validationError('clientAddress', 'bad_length'));
  if (!CLIENT_ADDRESS_PATTERN.test(input))
    return err(validationError('clientAddress', 'bad_format'));
  return ok(input);
}
