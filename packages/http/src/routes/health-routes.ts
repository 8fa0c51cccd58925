import { createRoute, z } from '@hono/zod-openapi';
import { ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';
import type { HttpApp } from './route-dependencies.js';

/** A named readiness check: true when the dependency answers. */
export type ReadinessCheck = () => Promise<boolean>;

/** Longest a readiness check may take before it counts as failed. */
const READINESS_TIMEOUT_MS = 2000;

// The probe reads one record in a tenant of its own, so it touches no customer's data.
const HEALTH_TENANT = unwrapOrThrow(parseTenantId('strongroom-health'));

/** The checks `/health/ready` always runs: a storage read and a KMS key description. */
export function defaultReadinessChecks(strongroom: Strongroom): Record<string, ReadinessCheck> {
  return {
    storage: async () =>
      (
        await strongroom.storage.transaction(HEALTH_TENANT, async (tx) =>
          ok(await tx.records.get('strongroom.health', 'probe')),
        )
      ).isOk(),
    kms: async () => (await strongroom.kms.describe('cards')).isOk(),
  };
}

async function passes(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(z.string(), z.enum(['ok', 'failed'])).optional(),
  })
  .openapi('Health');

const live = createRoute({
  method: 'get',
  path: '/health/live',
  tags: ['health'],
  summary: 'The process is up',
  responses: {
    200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } },
  },
});

const ready = createRoute({
  method: 'get',
  path: '/health/ready',
  tags: ['health'],
  summary: 'Storage, KMS and the configured dependencies answer',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: HealthSchema } } },
  },
});

/** `/health/live` and `/health/ready` (for load balancers and orchestrators; no authentication). */
export function registerHealthRoutes(
  app: HttpApp,
  checks: Readonly<Record<string, ReadinessCheck>>,
) {
  app.openapi(live, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(ready, async (c) => {
    const names = Object.keys(checks);
    const outcomes = await Promise.all(
      names.map((name) => passes(checks[name] ?? (async () => false))),
    );
    const results = Object.fromEntries(
      names.map((name, index) => [name, outcomes[index] ? ('ok' as const) : ('failed' as const)]),
    );
    return outcomes.every(Boolean)
      ? c.json({ status: 'ok' as const, checks: results }, 200)
      : c.json({ status: 'unavailable' as const, checks: results }, 503);
  });
}
