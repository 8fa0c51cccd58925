/**
 * The module template.yaml deploys: `handler.handler` behind the HTTP API and `handler.worker` on
 * a schedule. Both share one Strongroom per Lambda instance, built from `process.env` on the first
 * invocation after a cold start (see `lambda-config.ts` for the variables).
 * @module
 */
import { createLambdaApp } from './create-lambda-app.js';
import { readLambdaConfig } from './lambda-config.js';
import { createLambdaHandlers } from './lambda-handlers.js';

const handlers = createLambdaHandlers(() => createLambdaApp(readLambdaConfig(process.env)));

/** The REST API for API Gateway HTTP API events (payload format 2.0). */
export const handler = handlers.handler;

/** The scheduled worker: one round of Strongroom's background jobs per configured tenant. */
export const worker = handlers.worker;
