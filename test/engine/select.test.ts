import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { selectChecks, UsageError } from '../../src/engine/select.js';
import { AREAS } from '../../src/engine/types.js';

const ids = (only: string[], skip: string[] = []) => selectChecks(CHECKS, only, skip).map((c) => c.id);

describe('selectChecks', () => {
  it('keeps every check, in order, when nothing is given', () => {
    expect(ids([])).toEqual(CHECKS.map((c) => c.id));
  });

  it('selects by id (any case), slug or area', () => {
    expect(ids(['ndes-hsys-002'])).toEqual(['NDES-HSYS-002']);
    expect(ids(['ie-esc-users'])).toEqual(['NDES-IE-002']);
    expect(ids(['http-sys'])).toEqual(CHECKS.filter((c) => c.area === 'http-sys').map((c) => c.id));
    expect(ids(['browser', 'NDES-HSYS-001'])).toEqual(
      CHECKS.filter((c) => c.area === 'browser' || c.id === 'NDES-HSYS-001').map((c) => c.id),
    );
  });

  it('skips by id, slug or area, and skip wins over only', () => {
    expect(ids([], ['browser'])).not.toContain('NDES-IE-001');
    expect(ids([], ['http-sys-max-field-length'])).not.toContain('NDES-HSYS-001');
    expect(ids(['http-sys'], ['NDES-HSYS-001'])).toEqual(['NDES-HSYS-002']);
  });

  it('refuses an unknown term in --only or --skip, listing the areas', () => {
    for (const [only, skip] of [[['nope'], []], [[], ['NDES-HSYS-999']]] as const) {
      let err: unknown;
      try {
        selectChecks(CHECKS, only, skip);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      const message = (err as Error).message;
      expect(message).toContain(`"${[...only, ...skip][0]}"`);
      for (const area of Object.keys(AREAS)) expect(message).toContain(area);
      expect(message).toContain('ndes-doctor list');
    }
  });
});
