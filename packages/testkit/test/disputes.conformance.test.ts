import { describeDisputesConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeDisputesConformance(BACKENDS);
