import { describeVaultConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeVaultConformance(BACKENDS);
