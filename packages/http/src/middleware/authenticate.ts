import type { Authorization, Identity } from '@strongroom/identity';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from '../http-env.js';
import { domainProblem } from '../problems/domain-problem.js';
import { httpProblem } from '../problems/problem-details.js';

/** Longest `Authorization` header accepted; a signed access token is well under 2 KiB. */
const AUTHORIZATION_LENGTH_MAX = 4096;
// RFC 9110 §11.1: the scheme name is case-insensitive.
const BEARER_PATTERN = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

function unauthorized(name: string, title: string, error: string) {
  return httpProblem(401, name, title, {}, { 'www-authenticate': `Bearer error="${error}"` });
}

/**
 * Verifies the bearer access token (signature, claims, device and session revocation) and puts
 * the principal on the context. The tenant of every later step is the token's: no header or
 * path parameter can choose another.
 */
export function authenticate(identity: Identity) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      throw httpProblem(
        401,
        'auth.token_missing',
        'A bearer access token is required',
        {},
        { 'www-authenticate': 'Bearer' },
      );
    }
    const match = header.length <= AUTHORIZATION_LENGTH_MAX ? BEARER_PATTERN.exec(header) : null;
    if (match?.[1] === undefined) {
      throw unauthorized('auth.token_malformed', 'Malformed bearer token', 'invalid_request');
    }
    const verified = await identity.authenticate(match[1]);
    if (verified.isErr()) {
      if (verified.error.type === 'infrastructure') throw domainProblem(verified.error);
      throw unauthorized(verified.error.type, 'The access token is not valid', 'invalid_token');
    }
    c.set('principal', verified.value);
    c.get('log').log('debug', 'authenticated', { userId: verified.value.userId });
    await next();
  });
}

/** The verified principal of an authenticated route; a route without `authenticate` is a bug. */
export function principalOf(c: Context<HttpEnv>) {
  const principal = c.get('principal');
  if (principal === undefined)
    throw new Error('the route reads a principal it never authenticated');
  return principal;
}

/** Refuses (403) a principal whose roles do not grant `permission`. */
export function requirePermission(authorization: Authorization, permission: string) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    if (!authorization.can(principalOf(c), permission)) {
      throw httpProblem(403, 'auth.permission_denied', 'Permission denied', { permission });
    }
    await next();
  });
}
