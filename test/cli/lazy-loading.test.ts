import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The packages a command's code loads before it runs: its static imports, followed to the end. */
async function staticPackages(entry: string): Promise<Set<string>> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent', outdir: 'unused' });
  const imports = new Map(Object.entries(result.metafile.inputs).map(([path, input]) => [path, input.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path)]));
  const seen = new Set([entry]);
  for (const path of seen) for (const next of imports.get(path) ?? []) seen.add(next);
  return new Set([...seen].flatMap((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? []));
}

const HEAVY = ['node-forge', 'iconv-lite', 'fast-xml-parser', 'saxes', 'undici'];

describe('what each command loads before it runs', () => {
  it('the entry, which every command and --help start through, loads only commander', async () => {
    expect([...(await staticPackages('src/cli/main.ts'))]).toEqual(['commander']);
  });

  it('list and explain load no parser and no network code', async () => {
    for (const command of ['src/cli/commands/list.ts', 'src/cli/commands/explain.ts']) {
      const packages = await staticPackages(command);
      expect(HEAVY.filter((p) => packages.has(p)), command).toEqual([]);
    }
  });

  it('check loads the parsers, and the network code only when it probes', async () => {
    const packages = await staticPackages('src/cli/commands/check.ts');
    expect(['node-forge', 'iconv-lite', 'saxes'].filter((p) => packages.has(p))).toEqual(['node-forge', 'iconv-lite', 'saxes']);
    expect(packages.has('undici')).toBe(false);
    expect(await staticPackages('src/collect/network/probing-source.ts')).toContain('undici');
  });

  it('check starts no process runner: execa loads only to collect live or to write an event', async () => {
    expect(await staticPackages('src/cli/commands/check.ts')).not.toContain('execa');
    expect(await staticPackages('src/collect/windows/live.ts')).toContain('execa');
  });

  it('check and probing load no zip library: yauzl loads to read a zip bundle, fflate to write one', async () => {
    for (const entry of ['src/cli/commands/check.ts', 'src/collect/network/probing-source.ts']) {
      const packages = await staticPackages(entry);
      expect(['yauzl', 'fflate'].filter((p) => packages.has(p)), entry).toEqual([]);
    }
  });
});
