// Imported from its file until `describeLedgerConformance` is exported by the package index.
import { describeLedgerConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeLedgerConformance(BACKENDS);
