import { TOKEN_SIGNING_KEK_DEFAULT } from '@strongroom/identity';
import { parseCurrency, parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import {
  CARD_KEK_DEFAULT,
  FIELDS_KEK_DEFAULT,
  type SoftwareKeyring,
  softwareKeyringFromEnvironment,
} from '@strongroom/vault';
import { z } from 'zod';

/** The KEKs the example's domains use: the vault's `cards` and `fields`, identity's `tokens`. */
export const REQUIRED_KEK_IDS: readonly string[] = Object.freeze([
  CARD_KEK_DEFAULT,
  FIELDS_KEK_DEFAULT,
  TOKEN_SIGNING_KEK_DEFAULT,
]);

/** The secret holding the audit seed unless `STRONGROOM_AUDIT_SEED_SECRET` names another. */
export const AUDIT_SEED_SECRET_DEFAULT = 'audit-seed';

/** Most tenants one worker invocation works through; more need several scheduled functions. */
export const WORKER_TENANTS_MAX = 64;

/** Most currencies the example sets disputes up for (each has three house accounts). */
const CURRENCIES_MAX = 32;

const DEFAULT_TENANT = unwrapOrThrow(parseTenantId('demo'));

/** Where the KEKs live: AWS KMS (aliases under a prefix) or the software KMS for local runs. */
export type LambdaKmsConfig =
  | { readonly kind: 'aws'; readonly keyIds: readonly string[]; readonly aliasPrefix?: string }
  | { readonly kind: 'software'; readonly keyring: SoftwareKeyring };

/** Where the vault's secrets and the audit seed come from. */
export type LambdaSecretsConfig =
  | { readonly kind: 'secrets-manager'; readonly prefix: string }
  | {
      readonly kind: 'environment';
      /** Read at every `get` (`STRONGROOM_SECRET_<NAME>`), as the environment provider does. */
      readonly variables: Readonly<Record<string, string | undefined>>;
    };

/** Where the worker's outbox relay publishes. */
export type LambdaEventsConfig =
  | { readonly kind: 'eventbridge'; readonly eventBusName: string; readonly source: string }
  | { readonly kind: 'in-process' };

/**
 * How the Lambda functions run, read from their environment by {@link readLambdaConfig}. It holds
 * key material (the software keyring) and a reference to the secret variables: never log it.
 */
export interface LambdaConfig {
  readonly region: string;
  readonly dynamoDb: { readonly tableName: string; readonly endpoint?: string };
  readonly redis?: { readonly url: string; readonly keyPrefix?: string };
  readonly kms: LambdaKmsConfig;
  readonly secrets: LambdaSecretsConfig;
  /** The secret holding the audit log's 32-byte master seeds (versioned: newest signs first). */
  readonly auditSeedSecret: string;
  /** Schema-less URL prefix of the tenants' audit logs (their C2SP origins). */
  readonly auditOrigin: string;
  readonly events: LambdaEventsConfig;
  /** The tenant of sign-up and sign-in (the example serves one). */
  readonly tenantId: TenantId;
  /** The tenants the scheduled worker works through; the served tenant unless set. */
  readonly workerTenants: readonly TenantId[];
  readonly defaultRoles: readonly string[];
  /** ISO 4217 codes the service takes disputes in, each with its house accounts. */
  readonly currencies: readonly string[];
  readonly tokens: { readonly issuer: string; readonly audience: string };
}

/** The configuration could not be read; the message names every variable at fault, never a value. */
export class LambdaConfigError extends Error {
  /** One `VARIABLE: what is wrong` line per problem. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`the Lambda configuration is invalid: ${problems.join('; ')}`);
    this.name = 'LambdaConfigError';
    this.problems = problems;
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

function listOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    ),
  ];
}

// An empty variable counts as unset: SAM and shells write '' for a parameter left blank.
function optional<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

function text(pattern: RegExp, rule: string) {
  return z.string({ error: `is required (${rule})` }).regex(pattern, { error: `is ${rule}` });
}

const TENANT = z.string().transform((value, context) => {
  const tenant = parseTenantId(value.trim());
  if (tenant.isOk()) return tenant.value;
  context.addIssue({ code: 'custom', message: 'is a tenant id ([a-z0-9_-])' });
  return z.NEVER;
});

const TENANT_LIST = z.string().transform((value, context) => {
  const tenants: TenantId[] = [];
  for (const item of listOf(value)) {
    const tenant = parseTenantId(item);
    if (tenant.isOk()) tenants.push(tenant.value);
  }
  if (tenants.length === 0 || tenants.length !== listOf(value).length) {
    context.addIssue({ code: 'custom', message: 'lists tenant ids ([a-z0-9_-])' });
  } else if (tenants.length > WORKER_TENANTS_MAX) {
    context.addIssue({ code: 'custom', message: `lists at most ${WORKER_TENANTS_MAX} tenants` });
  }
  return tenants;
});

const CURRENCIES = z.string().transform((value, context) => {
  const currencies = listOf(value);
  if (
    currencies.length === 0 ||
    currencies.length > CURRENCIES_MAX ||
    currencies.some((currency) => parseCurrency(currency).isErr())
  )
    context.addIssue({ code: 'custom', message: `lists 1 to ${CURRENCIES_MAX} ISO 4217 codes` });
  return currencies;
});

const ENVIRONMENT = z.object({
  AWS_REGION: text(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'an AWS Region such as us-east-1'),
  DYNAMODB_TABLE: text(/^[A-Za-z0-9_.-]{3,255}$/, 'a table name of 3-255 [A-Za-z0-9_.-]'),
  DYNAMODB_ENDPOINT: optional(text(/^https?:\/\/[^\s]+$/, 'an http(s) URL, for DynamoDB Local')),
  REDIS_URL: optional(text(/^rediss?:\/\/[^\s]+$/, 'a redis:// or rediss:// URL')),
  REDIS_KEY_PREFIX: optional(text(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 of [A-Za-z0-9_.:-]')),
  STRONGROOM_KMS_ALIAS_PREFIX: optional(text(/^alias\/[A-Za-z0-9/_-]*$/, 'alias/ and a path')),
  STRONGROOM_SECRETS_MANAGER_PREFIX: optional(
    text(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'a Secrets Manager name prefix such as strongroom/'),
  ),
  STRONGROOM_AUDIT_SEED_SECRET: optional(text(/^[a-z0-9-]{1,64}$/, 'a secret name')),
  STRONGROOM_AUDIT_ORIGIN: optional(text(/^[a-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/, 'a host and path')),
  EVENT_BUS_NAME: optional(text(/^[A-Za-z0-9/._:-]{1,1600}$/, 'an event bus name or ARN')),
  EVENT_SOURCE: optional(text(/^(?!aws\.)[A-Za-z0-9._-]{1,256}$/, 'a source like com.example.x')),
  STRONGROOM_TENANT: optional(TENANT),
  STRONGROOM_WORKER_TENANTS: optional(TENANT_LIST),
  STRONGROOM_DEFAULT_ROLES: optional(z.string().transform(listOf)),
  STRONGROOM_CURRENCIES: optional(CURRENCIES),
  STRONGROOM_TOKEN_ISSUER: optional(text(/^https:\/\/[^\s]+$/, 'an https URL')),
  STRONGROOM_TOKEN_AUDIENCE: optional(text(/^https:\/\/[^\s]+$/, 'an https URL')),
});

// Read from the raw environment, apart from the schema, so that its problems are reported
// together with the schema's (a schema's refinements only run once its fields parse).
function kmsOf(environment: Environment, problems: string[]): LambdaKmsConfig | undefined {
  const keyIds = listOf(environment['STRONGROOM_KMS_KEY_IDS'] ?? '');
  if (keyIds.length > 0) {
    const missing = REQUIRED_KEK_IDS.filter((keyId) => !keyIds.includes(keyId));
    if (missing.length > 0)
      problems.push(`STRONGROOM_KMS_KEY_IDS: does not list ${missing.join(', ')}`);
    const aliasPrefix = environment['STRONGROOM_KMS_ALIAS_PREFIX'] || undefined;
    return { kind: 'aws', keyIds, ...(aliasPrefix === undefined ? {} : { aliasPrefix }) };
  }
  const keyring = softwareKeyringFromEnvironment(environment['STRONGROOM_KMS_KEYRING']);
  if (keyring.isOk()) return { kind: 'software', keyring: keyring.value };
  const { location, reason } = keyring.error;
  problems.push(
    reason === 'missing'
      ? 'STRONGROOM_KMS_KEYRING: is required when STRONGROOM_KMS_KEY_IDS is not set (AWS KMS)'
      : `STRONGROOM_KMS_KEYRING: is not a keyring (${location}: ${reason})`,
  );
  return undefined;
}

/**
 * Reads the {@link LambdaConfig} from the functions' environment (`process.env` on Lambda). Throws
 * a {@link LambdaConfigError} naming every missing or malformed variable, without their values.
 * Storage: `DYNAMODB_TABLE`, `DYNAMODB_ENDPOINT` (DynamoDB Local), `AWS_REGION`. Redis when
 * `REDIS_URL` (`REDIS_KEY_PREFIX`). KMS: AWS KMS when `STRONGROOM_KMS_KEY_IDS` lists the KEKs
 * provisioned under `STRONGROOM_KMS_ALIAS_PREFIX`, else the software KMS from the keyring JSON in
 * `STRONGROOM_KMS_KEYRING` (local runs only: the key material sits in the environment). Secrets:
 * AWS Secrets Manager under `STRONGROOM_SECRETS_MANAGER_PREFIX`, else `STRONGROOM_SECRET_<NAME>`
 * variables. Events: EventBridge when `EVENT_BUS_NAME` (`EVENT_SOURCE`), else in-process.
 */
export function readLambdaConfig(environment: Environment): LambdaConfig {
  const parsed = ENVIRONMENT.safeParse(environment);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
  const kms = kmsOf(environment, problems);
  if (!parsed.success || kms === undefined || problems.length > 0)
    throw new LambdaConfigError(problems);
  const values = parsed.data;
  const tenantId = values.STRONGROOM_TENANT ?? DEFAULT_TENANT;
  const redisUrl = values.REDIS_URL;
  const prefix = values.STRONGROOM_SECRETS_MANAGER_PREFIX;
  const eventBusName = values.EVENT_BUS_NAME;
  return {
    region: values.AWS_REGION,
    dynamoDb: {
      tableName: values.DYNAMODB_TABLE,
      ...(values.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: values.DYNAMODB_ENDPOINT }),
    },
    ...(redisUrl === undefined
      ? {}
      : {
          redis: {
            url: redisUrl,
            ...(values.REDIS_KEY_PREFIX === undefined
              ? {}
              : { keyPrefix: values.REDIS_KEY_PREFIX }),
          },
        }),
    kms,
    secrets:
      prefix === undefined
        ? { kind: 'environment', variables: environment }
        : { kind: 'secrets-manager', prefix },
    auditSeedSecret: values.STRONGROOM_AUDIT_SEED_SECRET ?? AUDIT_SEED_SECRET_DEFAULT,
    auditOrigin: values.STRONGROOM_AUDIT_ORIGIN ?? 'audit.strongroom.example',
    events:
      eventBusName === undefined
        ? { kind: 'in-process' }
        : {
            kind: 'eventbridge',
            eventBusName,
            source: values.EVENT_SOURCE ?? 'com.example.strongroom',
          },
    tenantId,
    workerTenants: values.STRONGROOM_WORKER_TENANTS ?? [tenantId],
    defaultRoles: values.STRONGROOM_DEFAULT_ROLES ?? ['viewer'],
    currencies: values.STRONGROOM_CURRENCIES ?? ['USD', 'EUR', 'GBP'],
    tokens: {
      issuer: values.STRONGROOM_TOKEN_ISSUER ?? 'https://auth.strongroom.example',
      audience: values.STRONGROOM_TOKEN_AUDIENCE ?? 'https://api.strongroom.example',
    },
  };
}
