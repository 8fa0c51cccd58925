import { strongroomProject } from '../../vitest.shared.ts';

export default strongroomProject('example-lambda', {
  // The testkit's DynamoDB Local, started once for this project (from the cache .ci/bootstrap.sh fills).
  globalSetup: ['../../packages/testkit/src/dynamodb-local-global-setup.ts'],
  // One DynamoDB Local and one Redis: the files run one at a time.
  fileParallelism: false,
});
