// Uploaded files are never written anywhere: the module keeps bytes in memory only and stores metadata and
// encrypted passages in the database. Enforced here on the sources, so a later change that reaches for the
// file system (and with it path traversal) has to remove this test on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULE_DIR = import.meta.dirname;

describe('course documents touch no file system', () => {
  it('no source file of the module (tests and test fixtures aside) imports fs', () => {
    const sources = readdirSync(MODULE_DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    const offenders = sources.filter((name) => /from ['"](node:)?fs(\/promises)?['"]|require\(['"](node:)?fs/.test(readFileSync(join(MODULE_DIR, name), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
