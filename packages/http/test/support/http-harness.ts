import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import type { AuthenticatedPrincipal, Identity, IdentityMessage } from '@strongroom/identity';
import { createIdentity, createStorageRevocationList } from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import {
  createStorageRateLimiter,
  FakeClock,
  ok,
  parseTenantId,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createStrongroom, type Strongroom, type StrongroomDisputesOptions } from '@strongroom/sdk';
import { SUITE_ARGON2_PARAMETERS, SUITE_RATE_LIMITS } from '@strongroom/testkit';
import { logLineSink } from '@strongroom/testkit/secret-scan';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { createHttpApi } from '../../src/create-http-api.js';
import type { HttpApiOptions } from '../../src/http-api-options.js';
import { createPinoLogger } from '../../src/logging/pino-logger.js';
import type { HttpApp } from '../../src/routes/route-dependencies.js';
import type { HttpBackend } from './http-backends.js';

/** The token settings of every harness. */
const TOKENS = { issuer: 'https://auth.http.test', audience: 'https://api.http.test' } as const;
/** The password of every harness user (registered, so scans look for it). */
export const HARNESS_PASSWORD = 'correct horse battery staple';

/** Messages identity sent, by recipient, as a mail provider would hold them. */
export class HarnessMailbox {
  readonly messages: IdentityMessage[] = [];

  /** The sender port's method. */
  readonly send = async (message: IdentityMessage) => {
    this.messages.push(message);
    return ok(undefined);
  };

  /** The secret of the latest message of a kind. */
  latestSecret(kind: IdentityMessage['kind']): string {
    const secret = this.messages.findLast((message) => message.kind === kind)?.secret;
    if (secret === undefined || secret === null) throw new Error(`no ${kind} message was sent`);
    return secret;
  }
}

/** A signed-in user of the harness tenant. */
export interface HarnessUser {
  readonly userId: string;
  readonly email: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly deviceId: string;
}

/** A response as the tests read it. */
export interface HarnessResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or `undefined` for an empty or non-JSON one. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  readonly body: any;
}

/** What a request of the tests may carry. */
export interface HarnessRequest {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is, not JSON-encoded (for malformed bodies). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Strongroom behind its HTTP API on an ephemeral port, with the means to drive it. */
export interface HttpHarness {
  readonly backend: string;
  /** The server database of the postgres backend; absent on the others. */
  readonly databaseName: string | undefined;
  readonly baseUrl: string;
  readonly app: HttpApp;
  readonly strongroom: Strongroom;
  readonly clock: FakeClock;
  readonly tenantId: TenantId;
  readonly mailbox: HarnessMailbox;
  /** Every line the API logged. */
  readonly logLines: string[];
  /** Every secret a test handed the API or got from it (tokens, passwords, PANs), for scans. */
  readonly secrets: Set<string>;
  request(method: string, path: string, request?: HarnessRequest): Promise<HarnessResponse>;
  /** Registers, verifies and signs in a user of the harness tenant holding `roles`. */
  signUp(roles: readonly string[], label?: string): Promise<HarnessUser>;
  /** Signs a user of `tenant` up in another tenant (for isolation tests). */
  signUpElsewhere(tenant: string, roles: readonly string[]): Promise<HarnessUser>;
  close(): Promise<void>;
}

function testSecrets() {
  const versioned = () =>
    JSON.stringify({
      versions: [
        {
          version: 1,
          value: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'),
        },
      ],
    });
  return createEnvironmentSecretProvider({
    STRONGROOM_SECRET_CARD_FINGERPRINT: versioned(),
    STRONGROOM_SECRET_BLIND_INDEX: versioned(),
  });
}

/** Starts a harness on `backend`, with `options` passed on to `createHttpApi`. */
export async function startHttpHarness(
  backend: HttpBackend,
  options: Partial<HttpApiOptions> = {},
  disputes: StrongroomDisputesOptions = { houseAccounts: () => undefined },
): Promise<HttpHarness> {
  const { storage, inspect, dispose, databaseName } = await backend.create();
  const clock = new FakeClock(new Date());
  const mailbox = new HarnessMailbox();
  const passwordHasher = createArgon2PasswordHasher(SUITE_ARGON2_PARAMETERS, {
    allowWeakParameters: true,
  });
  const identityOptions = {
    passwordHasher,
    sender: mailbox,
    tokens: TOKENS,
    rateLimits: SUITE_RATE_LIMITS,
  };
  const strongroom = createStrongroom({
    storage,
    clock,
    audit: {
      signing: {
        originPrefix: 'audit.http.test',
        masterSeeds: [crypto.getRandomValues(new Uint8Array(32))],
      },
    },
    vault: {
      kms: createSoftwareKms({ keyring: generateSoftwareKeyring(['cards', 'fields'], clock) }),
      secrets: testSecrets(),
    },
    identity: identityOptions,
    disputes,
  });
  unwrapOrThrow(await strongroom.prepareKeys());
  // A second identity over the same data whose sign-ups are administrators: how a deployment
  // bootstraps its first admin, who then grants the test users their roles.
  const bootstrap: Identity = createIdentity({
    ...identityOptions,
    storage,
    audit: strongroom.audit,
    vault: strongroom.vault,
    clock,
    ids: strongroom.ids,
    defaultRoles: ['admin'],
    rateLimiter: createStorageRateLimiter({ storage, clock }),
    revocations: createStorageRevocationList({ storage, clock }),
  });
  const logLines: string[] = [];
  // Every line is also kept for the full-suite secret scan, which reads it after the run.
  const scanned = logLineSink('http');
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      scanned.write(String(chunk));
      callback();
    },
  });
  const tenantId = unwrapOrThrow(parseTenantId('acme'));
  const app = createHttpApi(strongroom, {
    publicTenant: tenantId,
    logger: createPinoLogger({ level: 'debug', destination }),
    ...options,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secrets = new Set<string>([HARNESS_PASSWORD]);
  // Promises, so concurrent sign-ups of one tenant share its one root admin.
  const admins = new Map<string, Promise<AuthenticatedPrincipal>>();
  let users = 0;

  const signIn = async (identity: Identity, tenant: TenantId, email: string) => {
    const registered = unwrapOrThrow(
      await identity.register({
        tenantId: tenant,
        email,
        password: HARNESS_PASSWORD,
        clientAddress: '127.0.0.1',
      }),
    );
    unwrapOrThrow(
      await identity.verifyEmail({
        tenantId: tenant,
        token: mailbox.latestSecret('email_verification'),
      }),
    );
    return registered.userId;
  };
  const login = async (tenant: TenantId, email: string, userId: string): Promise<HarnessUser> => {
    const identity = strongroom.identity;
    if (identity === undefined) throw new Error('identity is configured');
    const session = unwrapOrThrow(
      await identity.login({
        tenantId: tenant,
        email,
        password: HARNESS_PASSWORD,
        device: { label: 'test' },
        clientAddress: '127.0.0.1',
      }),
    );
    if (session.status !== 'signed_in') throw new Error('harness users enrol no second factor');
    secrets.add(session.accessToken);
    secrets.add(session.refreshToken);
    return {
      userId,
      email,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      deviceId: session.deviceId,
    };
  };
  const adminOf = (tenant: TenantId): Promise<AuthenticatedPrincipal> => {
    const known = admins.get(tenant);
    if (known !== undefined) return known;
    const created = createAdmin(tenant);
    admins.set(tenant, created);
    return created;
  };
  async function createAdmin(tenant: TenantId): Promise<AuthenticatedPrincipal> {
    const email = `root-${tenant}@http.test`;
    await signIn(bootstrap, tenant, email);
    const session = unwrapOrThrow(
      await bootstrap.login({
        tenantId: tenant,
        email,
        password: HARNESS_PASSWORD,
        device: { label: 'root' },
        clientAddress: '127.0.0.1',
      }),
    );
    if (session.status !== 'signed_in') throw new Error('the root admin enrols no second factor');
    return unwrapOrThrow(await bootstrap.authenticate(session.accessToken));
  }
  const signUpIn = async (tenant: TenantId, roles: readonly string[], label: string) => {
    const identity = strongroom.identity;
    if (identity === undefined) throw new Error('identity is configured');
    users += 1;
    const email = `${label}-${users}@http.test`;
    const userId = await signIn(identity, tenant, email);
    if (roles.length > 0) {
      unwrapOrThrow(
        await identity.administer(await adminOf(tenant), userId, { kind: 'assign_roles', roles }),
      );
    }
    return login(tenant, email, userId);
  };

  return {
    backend: backend.name,
    databaseName,
    baseUrl,
    app,
    strongroom,
    clock,
    tenantId,
    mailbox,
    logLines,
    secrets,
    async request(method, path, request = {}) {
      const headers: Record<string, string> = { ...request.headers };
      if (request.token !== undefined) headers['authorization'] = `Bearer ${request.token}`;
      let body: string | undefined = request.rawBody;
      if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text.length === 0 ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
    signUp: (roles, label = 'user') => signUpIn(tenantId, roles, label),
    signUpElsewhere: (tenant, roles) =>
      signUpIn(unwrapOrThrow(parseTenantId(tenant)), roles, 'other'),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inspect();
      await strongroom.close();
      await dispose();
    },
  };
}
