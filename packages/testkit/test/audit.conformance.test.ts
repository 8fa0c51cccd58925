import { describeAuditConformance } from '../src/index.js';
import { BACKENDS } from './backends.js';

describeAuditConformance(BACKENDS);
