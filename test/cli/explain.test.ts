import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { explain } from '../../src/cli/commands/explain.js';

const execFileAsync = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI, the way users do; a non-zero exit is a result here, not an exception. */
async function cli(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/ndes-doctor.js', 'explain', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const repoRoot = pathToFileURL(`${process.cwd()}/`);

describe('explain()', () => {
  it('prints a check with its docs page when the package ships it', () => {
    const out = explain('http-sys-max-field-length', { packageRoots: [repoRoot] });
    expect(out).toMatch(/^NDES-HSYS-001 http-sys-max-field-length\n/);
    expect(out).toMatch(/severity: high/);
    expect(out).toMatch(/## How to fix/);
  });

  it('falls back to the docs path when the page is absent', () => {
    const empty = pathToFileURL(`${mkdtempSync(join(tmpdir(), 'ndes-explain-'))}/`);
    const out = explain('NDES-HSYS-001', { packageRoots: [empty] });
    expect(out).toMatch(/details and fix: docs\/checks\/NDES-HSYS-001\.md/);
    expect(out).not.toMatch(/## How to fix/);
  });

  it('prints every match of an ambiguous code, each with its kind', () => {
    const out = explain('404');
    expect(out).toMatch(/^404 Not Found\nHTTP status from mscep\.dll\n/);
    expect(out).toMatch(/\n0x00000404 Certificate_NotFound\nLegacy Intune connector diagnostic code\n/);
  });

  it('names related codes of a legacy event and flags community-sourced entries', () => {
    expect(explain('20501')).toMatch(/Related codes: .*0x00000411 CRPSCEPChallenge_Expired/);
    expect(explain('29')).toMatch(/Source: community sources/);
    expect(explain('0x411')).not.toMatch(/Source: community/);
  });

  it('gives JSON with --json', () => {
    const parsed = JSON.parse(explain('NDES-HSYS-001', { json: true, packageRoots: [repoRoot] }));
    expect(parsed.matches).toHaveLength(1);
    expect(parsed.matches[0]).toMatchObject({ type: 'check', id: 'NDES-HSYS-001', area: 'http-sys', docs: 'docs/checks/NDES-HSYS-001.md' });
    expect(parsed.matches[0].page).toMatch(/## What is checked/);
  });

  it('throws a CliError for unknown terms', () => {
    expect(() => explain('nonsense')).toThrow(CliError);
  });
});

describe('ndes-doctor explain (built CLI)', () => {
  beforeAll(() => {
    if (!existsSync('dist/ndes-doctor.cjs')) throw new Error('dist/ndes-doctor.cjs is missing: run "npm run build" first.');
  });

  it('prints the same entry for 0x00000411, 411 and 0x411', async () => {
    const runs = await Promise.all(['0x00000411', '411', '0x411'].map((t) => cli(t)));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^0x00000411 CRPSCEPChallenge_Expired\n/);
    }
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(runs[2]!.stdout).toBe(runs[0]!.stdout);
  });

  it('prints a check with its docs page found beside the bundle', async () => {
    const r = await cli('NDES-HSYS-001');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NDES-HSYS-001 http-sys-max-field-length\n/);
    expect(r.stdout).toMatch(/area: HTTP\.sys/);
    expect(r.stdout).toMatch(/## How to fix/);
  });

  it('prints the IIS request-filtering meaning of 404.15', async () => {
    const r = await cli('404.15');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^404\.15 Query string too long/);
    expect(r.stdout).toMatch(/maxQueryString/);
    expect(r.stdout).toMatch(/Docs: https:\/\/learn\.microsoft\.com\//);
  });

  it('answers --json with parseable JSON', async () => {
    const r = await cli('500 0 1346', '--json');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.matches.map((m: { code: string }) => m.code)).toEqual(['500 win32 1346']);
  });

  it('exits 3 with one line on stderr for an unknown term', async () => {
    const r = await cli('nonsense');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Nothing known as "nonsense"/);
  });
});
