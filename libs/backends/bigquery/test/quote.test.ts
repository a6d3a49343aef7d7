import { describe, expect, it } from 'vitest';
import { isGoeError } from '@goe/core';
import { datasetRef, quoteIdent, quoteString, tableRef } from '../src/index.js';

describe('quoting (reference §6)', () => {
  it('quotes each path part in backticks', () => {
    expect(quoteIdent('my-project')).toBe('`my-project`');
    expect(quoteIdent('Code x')).toBe('`Code x`');
    expect(datasetRef({ project: 'p-1', dataset: 'sh' })).toBe('`p-1`.`sh`');
    expect(tableRef({ project: 'p-1', dataset: 'sh' }, 'sales')).toBe('`p-1`.`sh`.`sales`');
  });

  it.each(['', 'a`b', 'a\\b', 'a\nb'])('refuses the identifier %j with OPTION_INVALID', (name) => {
    try {
      quoteIdent(name);
      expect.unreachable();
    } catch (e) {
      expect(isGoeError(e) && e.code).toBe('OPTION_INVALID');
      expect((e as Error).message).toBe(`Invalid BigQuery identifier ${JSON.stringify(name)}`);
    }
  });

  it('escapes string literals', () => {
    expect(quoteString("it's a \\ path\nand\rmore")).toBe("'it\\'s a \\\\ path\\nand\\rmore'");
  });
});
