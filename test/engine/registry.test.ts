import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { ARTIFACTS } from '../../src/collect/artifacts.js';
import { docsPath } from '../../src/engine/check.js';
import { AREAS, SEVERITIES } from '../../src/engine/types.js';
import { FACTS } from '../../src/facts/index.js';

const root = new URL('../../', import.meta.url);

/** Each rule lists every offender at once, so whoever adds a check sees all there is to fix. */
describe('check registry (src/checks/index.ts)', () => {
  it('has at least the foundation checks', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(expect.arrayContaining(['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IE-001', 'NDES-IE-002']));
  });

  it('has unique ids of the form NDES-<area prefix>-<NNN>', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const c of CHECKS) {
      if (seen.has(c.id)) problems.push(`${c.id} is used twice`);
      seen.add(c.id);
      const prefix = AREAS[c.area]?.prefix;
      if (!prefix) problems.push(`${c.id}: unknown area "${c.area}"`);
      else if (!new RegExp(`^NDES-${prefix}-\\d{3}$`).test(c.id)) problems.push(`${c.id}: area ${c.area} needs ids NDES-${prefix}-<3 digits>`);
    }
    expect(problems).toEqual([]);
  });

  it('has unique kebab-case slugs', () => {
    const problems: string[] = [];
    const owner = new Map<string, string>();
    for (const c of CHECKS) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.slug)) problems.push(`${c.id}: slug "${c.slug}" is not kebab-case`);
      if (owner.has(c.slug)) problems.push(`slug ${c.slug} is used by ${owner.get(c.slug)} and ${c.id}`);
      owner.set(c.slug, c.id);
    }
    expect(problems).toEqual([]);
  });

  it('has a known severity and a title for every check', () => {
    const problems = CHECKS.flatMap((c) => [
      ...(SEVERITIES.includes(c.severity) ? [] : [`${c.id}: unknown severity "${c.severity}"`]),
      ...(c.title.trim() ? [] : [`${c.id}: no title`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('requires only facts that exist in FACTS', () => {
    const problems = CHECKS.flatMap((c) => c.requires.filter((name) => !Object.hasOwn(FACTS, name)).map((name) => `${c.id} requires unknown fact "${name}"`));
    expect(problems).toEqual([]);
  });

  it('depends only on checks that come earlier in report order', () => {
    const problems: string[] = [];
    const earlier = new Set<string>();
    for (const c of CHECKS) {
      for (const dep of c.dependsOn ?? []) if (!earlier.has(dep)) problems.push(`${c.id} depends on ${dep}, which is not an earlier check`);
      earlier.add(c.id);
    }
    expect(problems).toEqual([]);
  });

  it('has a docs page with the four sections for every check', () => {
    const problems: string[] = [];
    for (const c of CHECKS) {
      const file = new URL(docsPath(c.id), root);
      if (!existsSync(file)) {
        problems.push(`missing ${docsPath(c.id)}`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      if (!text.startsWith(`# ${c.id}`)) problems.push(`${docsPath(c.id)} must start with "# ${c.id}"`);
      for (const section of ['## What is checked', '## Why it matters', '## How to fix', '## References']) {
        if (!text.includes(section)) problems.push(`${docsPath(c.id)} lacks "${section}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses only facts whose artifacts exist', () => {
    const problems = Object.entries(FACTS).flatMap(([name, spec]) =>
      spec.artifacts.filter((id) => !Object.hasOwn(ARTIFACTS, id)).map((id) => `fact ${name} reads unknown artifact ${id}`),
    );
    expect(problems).toEqual([]);
  });

  it('documents every artifact file in docs/bundle.md (regenerate with: node scripts/bundle-doc.mjs)', () => {
    const doc = readFileSync(new URL('docs/bundle.md', root), 'utf8');
    const problems = Object.entries(ARTIFACTS).flatMap(([id, spec]) =>
      [id, ...spec.files].filter((s) => !doc.includes(s)).map((s) => `docs/bundle.md does not mention ${s} (artifact ${id})`),
    );
    expect(problems).toEqual([]);
  });

  it('gives every artifact its own bundle paths', () => {
    const problems: string[] = [];
    const owner = new Map<string, string>();
    for (const [id, spec] of Object.entries(ARTIFACTS)) {
      for (const file of spec.files) {
        if (owner.has(file)) problems.push(`${file} is claimed by ${owner.get(file)} and ${id}`);
        owner.set(file, id);
      }
    }
    expect(problems).toEqual([]);
  });
});
