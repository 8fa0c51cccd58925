import { describe, expect, it } from 'vitest';
import {
  NAMED_STATEMENT_TEXT_MAX_LENGTH,
  NAMED_STATEMENTS_PER_CONNECTION_MAX,
  StatementNames,
} from '../src/statement-names.js';

describe('StatementNames', () => {
  it('gives one text one name, and different texts different names', () => {
    const names = new StatementNames();
    const read = names.nameFor('select data from records where id = $1');
    expect(read).toBeDefined();
    expect(names.nameFor('select data from records where id = $1')).toBe(read);
    expect(names.nameFor('select data from records where id = $2')).not.toBe(read);
  });

  it('leaves texts longer than the limit unnamed', () => {
    const names = new StatementNames();
    const longest = `select ${'x'.repeat(NAMED_STATEMENT_TEXT_MAX_LENGTH - 'select '.length)}`;
    expect(names.nameFor(longest)).toBeDefined();
    expect(names.nameFor(`${longest} `)).toBeUndefined();
  });

  it('names at most the limit of texts, and keeps answering those it named', () => {
    const names = new StatementNames();
    const given = Array.from({ length: NAMED_STATEMENTS_PER_CONNECTION_MAX }, (_, index) =>
      names.nameFor(`select ${index}`),
    );
    expect(new Set(given).size).toBe(NAMED_STATEMENTS_PER_CONNECTION_MAX);
    expect(names.nameFor('select one more')).toBeUndefined();
    expect(names.nameFor('select 0')).toBe(given[0]);
  });
});
