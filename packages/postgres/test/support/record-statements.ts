import { RECORDS_TABLE } from '../../src/index.js';

/** The verbs of the statements that touched records, in order: one entry per round trip. */
export function recordStatements(statements: readonly string[]): string[] {
  return statements
    .filter((text) => text.includes(RECORDS_TABLE))
    .map((text) => text.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '');
}
