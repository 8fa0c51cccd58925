import { describeIdentityConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeIdentityConformance(BACKENDS);
