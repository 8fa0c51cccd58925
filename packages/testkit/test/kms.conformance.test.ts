import { systemClock } from '@strongroom/kernel';
// The software KMS comes from the vault's sources until `@strongroom/vault` exports it; then these
// two imports become one import from the package entry.
import { createSoftwareKms, generateSoftwareKeyring } from '@strongroom/vault';
import { describeKmsConformance } from '../src/kms/describe-kms-conformance.js';

describeKmsConformance([
  {
    name: 'software',
    create: async () => {
      const kms = createSoftwareKms({ keyring: generateSoftwareKeyring([], systemClock) });
      return { kms, dispose: () => kms.close() };
    },
  },
]);
