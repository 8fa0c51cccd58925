import { describeLedgerConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeLedgerConformance(BACKENDS);
