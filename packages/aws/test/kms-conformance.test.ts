// `@strongroom/testkit` does not export the KMS suite yet; this is the file it lives in.
import { describeKmsConformance } from '@strongroom/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAwsKms } from '../src/index.js';
import { type FakeAws, startFakeAws } from './fake-aws/start-fake-aws.js';

// Small pages and other applications' aliases, so every listing in the suite pages and filters.
let aws: FakeAws | undefined;
beforeAll(async () => {
  aws = await startFakeAws({ maxPageSize: 25 });
  for (let index = 0; index < 30; index += 1) {
    aws.kms.addAlias(`alias/other-app/key-${index}`, aws.kms.addKey());
  }
});
afterAll(async () => {
  await aws?.close();
});

describeKmsConformance([
  {
    name: 'aws-kms (fake KMS over the AWS JSON protocol)',
    async create() {
      if (aws === undefined) throw new Error('fake AWS not started');
      const kms = createAwsKms({ client: aws.kmsClient() });
      return { kms, dispose: () => kms.close() };
    },
  },
]);

it('sent only well-formed requests during the conformance run', () => {
  expect(aws?.server.violations).toEqual([]);
  expect(aws?.server.requests.length).toBeGreaterThan(100);
});
