import { unwrapOrThrow } from '@strongroom/kernel';
// Until `@strongroom/testkit` exports the KMS suite, it comes from the testkit's sources.
import { describeKmsConformance } from '@strongroom/testkit';
import { afterAll, expect, it } from 'vitest';
import { createPkcs11Kms } from '../src/index.js';
import { removeSoftHsmToken, SOFTHSM_MODULE, softHsmToken } from './softhsm-token.js';

afterAll(removeSoftHsmToken);

// Without SoftHSM2 the suite's setup fails and vitest reports its cases as skipped; this case
// makes the missing dependency a failed test as well, with the message saying what to install.
it('has a SoftHSM2 token to run the suite on', () => {
  expect(softHsmToken().modulePath).toBe(SOFTHSM_MODULE);
});

describeKmsConformance([
  {
    name: 'pkcs11 (SoftHSM2)',
    create: async () => {
      const kms = unwrapOrThrow(await createPkcs11Kms(softHsmToken()));
      return { kms, dispose: () => kms.close() };
    },
  },
]);
