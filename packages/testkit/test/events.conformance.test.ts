import { describeEventsConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeEventsConformance(BACKENDS);
