import { strongroomProject } from '../../vitest.shared.ts';

export default strongroomProject('dynamodb', {
  globalSetup: ['../testkit/src/dynamodb-local-global-setup.ts'],
});
