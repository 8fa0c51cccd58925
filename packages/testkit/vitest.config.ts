import { strongroomProject } from '../../vitest.shared.ts';

export default strongroomProject('testkit', {
  globalSetup: ['./src/dynamodb-local-global-setup.ts'],
  // One Postgres server, one DynamoDB Local: backends share them, so suites run one file at a time.
  fileParallelism: false,
});
