import { describeStorageConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeStorageConformance(BACKENDS);
