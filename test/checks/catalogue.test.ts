import { describe, expect, it } from 'vitest';
import { CATALOGUE, CHECK_METADATA } from '../../src/checks/catalogue.js';
import { CHECKS } from '../../src/checks/index.js';
import { AREAS } from '../../src/engine/types.js';

const meta = ({ id, slug, area, severity, title, dependsOn }: (typeof CHECK_METADATA)[number]) => ({ id, slug, area, severity, title, ...(dependsOn?.length && { dependsOn }) });

describe('the check catalogue list and explain read', () => {
  it('says of every check, in report order, exactly what the check itself declares', () => {
    expect(CHECK_METADATA.map(meta)).toEqual(CHECKS.map(meta));
  });

  it('has every area, and no check id twice', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual(Object.keys(AREAS).sort());
    expect(new Set(CHECK_METADATA.map((c) => c.id)).size).toBe(CHECK_METADATA.length);
  });
});
