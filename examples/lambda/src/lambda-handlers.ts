import type { WorkerJob } from '@strongroom/sdk';
import {
  type APIGatewayProxyResult,
  handle,
  type LambdaContext,
  type LambdaEvent,
} from 'hono/aws-lambda';
import type { LambdaApp } from './create-lambda-app.js';

/** What one scheduled worker invocation did for one tenant. */
export interface WorkerTenantSummary {
  readonly tenantId: string;
  readonly jobs: readonly {
    readonly job: WorkerJob;
    readonly units: number;
    /** It stopped at the round's bound: the next scheduled run goes on. */
    readonly more: boolean;
    /** The types of the operating errors it met (never their details). */
    readonly errors: readonly string[];
  }[];
}

/** What the scheduled worker answers: one summary per configured tenant. */
export interface WorkerSummary {
  readonly tenants: readonly WorkerTenantSummary[];
}

/** The two Lambda entry points over one lazily built {@link LambdaApp}. */
export interface LambdaHandlers {
  /** API Gateway (HTTP API, payload format 2.0; REST and ALB events work too) → the REST API. */
  readonly handler: (event: LambdaEvent, context?: LambdaContext) => Promise<APIGatewayProxyResult>;
  /**
   * A schedule (EventBridge Scheduler or a CloudWatch Events rule; the event is not read) → one
   * round of every background job for each configured tenant: deadline and expiry sweeps, audit
   * and event sequencing, projections, and the outbox relay to the configured publisher.
   */
  readonly worker: (event?: unknown, context?: LambdaContext) => Promise<WorkerSummary>;
}

/**
 * Builds the handlers over `load`, called once per cold start on the first invocation (either
 * handler) and shared by every later one; a failed start is not kept, so the next invocation tries
 * again (Redis or a secret may have come back). A Lambda cannot keep a background loop, so the
 * worker runs `strongroom.worker.runOnce` per tenant on a schedule instead: each job runs until
 * idle or its per-round bound, and the next scheduled run continues where a bounded job stopped.
 */
export function createLambdaHandlers(load: () => Promise<LambdaApp>): LambdaHandlers {
  let loading: Promise<{ app: LambdaApp; serve: ReturnType<typeof handle> }> | undefined;
  const started = () => {
    loading ??= load().then(
      (app) => ({ app, serve: handle(app.api) }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };

  return {
    async handler(event, context) {
      const { serve } = await started();
      return serve(event, context);
    },
    async worker() {
      const { app } = await started();
      const tenants: WorkerTenantSummary[] = [];
      for (const tenantId of app.config.workerTenants) {
        const round = await app.strongroom.worker.runOnce(tenantId, {
          publisher: app.events.publisher,
        });
        const jobs = round.jobs.map(({ job, units, more, errors }) => ({
          job,
          units,
          more,
          errors: errors.map((error) => error.type),
        }));
        for (const { job, errors } of jobs) {
          if (errors.length > 0)
            app.logger.log('error', 'worker job failed', { tenantId, job, errors });
        }
        tenants.push({ tenantId, jobs });
      }
      app.logger.log('debug', 'worker round done', { tenants: tenants.length });
      return { tenants };
    },
  };
}
