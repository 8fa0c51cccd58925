import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from './dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DynamoDB Local endpoint of this test run; read it with `inject('dynamoDbEndpoint')`. */
    dynamoDbEndpoint: string;
  }
}

/**
 * Vitest `globalSetup`: one DynamoDB Local per test project, its endpoint provided to the tests as
 * `dynamoDbEndpoint`, stopped when the project's tests are done.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', local.endpoint);
  return () => local.stop();
}
