import { strongroomProject } from '../../vitest.shared.ts';

export default strongroomProject('example-express');
