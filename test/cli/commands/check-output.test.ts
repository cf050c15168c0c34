import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../../helpers/cli.js';

let dir: string;
let bundle: string;

beforeAll(() => {
  if (!existsSync('dist/ndes-doctor.cjs')) throw new Error('dist/ndes-doctor.cjs is missing: run "npm run build" first.');
  dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-output-'));
  // A bundle under a home folder, as on an analyst's machine: the user name must not leave in a file.
  bundle = join(dir, 'home', 'alice', 'broken');
  mkdirSync(bundle, { recursive: true });
  cpSync('examples/broken', bundle, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --output redaction', () => {
  it('redacts --output files by default, not stdout, and notes it on stderr', async () => {
    const json = join(dir, 'out', 'report.json');
    const html = join(dir, 'out', 'report.html');
    const run = await cli('check', '--bundle', bundle, '-f', 'json', '-o', `json=${json}`, '-o', `html=${html}`);
    expect(run.code).toBe(2);
    const file = JSON.parse(readFileSync(json, 'utf8'));
    expect(file.environment.bundle).toMatch(/\/home\/<user>\/broken$/);
    expect(file.run.argv.join(' ')).not.toContain('alice');
    expect(file.redaction).toMatchObject({ applied: true, rules: ['secret', 'url-credentials', 'scep-challenge', 'user-path'] });
    expect(file.redaction.masked).toBeGreaterThanOrEqual(2);
    expect(readFileSync(html, 'utf8')).not.toContain('alice');
    expect(JSON.parse(run.stdout).environment.bundle).toContain('/home/alice/broken');
    expect(JSON.parse(run.stdout).redaction.applied).toBe(false);
    expect(run.stderr).toContain(`wrote ${json}, ${html}; redacted`);
    expect(run.stderr).toContain('review before sharing');
  });

  it('--redact masks stdout too; --no-redact writes files as they are; --quiet drops the note', async () => {
    const stdout = await cli('check', '--bundle', bundle, '-f', 'json', '--redact');
    expect(JSON.parse(stdout.stdout).environment.bundle).toContain('/home/<user>/');
    const json = join(dir, 'plain.json');
    const plain = await cli('check', '--bundle', bundle, '-f', 'nagios', '-o', `json=${json}`, '--no-redact', '--quiet');
    expect(plain.stderr).toBe('');
    expect(JSON.parse(readFileSync(json, 'utf8')).environment.bundle).toContain('/home/alice/');
    const hosts = await cli('check', '--bundle', bundle, '-f', 'markdown', '--redact-hosts');
    expect(hosts.stdout).toContain('| Host | host-1 |');
    expect(hosts.stdout).not.toContain('NDES02');
  });
});

describe('a manifest with fields of another type', () => {
  it('is read without them by every report format, which says what was left out, where the html report crashed', async () => {
    const damaged = join(dir, 'damaged-manifest');
    cpSync('examples/healthy', damaged, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(damaged, 'manifest.json'), 'utf8'));
    Object.assign(manifest.host, { name: 12, os: { build: 20348 } });
    manifest.tool.version = { major: 0 };
    writeFileSync(join(damaged, 'manifest.json'), JSON.stringify(manifest));
    for (const format of ['text', 'json', 'markdown', 'html', 'junit', 'nagios', 'prometheus']) {
      const run = await cli('check', '--bundle', damaged, '-f', format, '--force');
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
      expect(run.stderr).not.toMatch(/internal error/);
      // The html report's own script compares with undefined: only what the report shows is searched there.
      expect(format === 'html' ? run.stdout.replace(/<script[\s\S]*?<\/script>/g, '') : run.stdout, format).not.toMatch(/\[object Object\]|\bundefined\b/);
    }
    const json = JSON.parse((await cli('check', '--bundle', damaged, '-f', 'json')).stdout);
    expect(json.environment.collectedBy).toBe('ndes-doctor unknown');
    expect(json.runWarnings).toContain(`${damaged}: manifest.json holds values of another type than collect writes, left out: tool.version, host.name, host.os.`);
  });
});

describe('junit of a run that could not happen', () => {
  it('is a suite with one error, in the -o file and on stdout, and the exit code is UNKNOWN', async () => {
    const file = join(dir, 'not-started.xml');
    const missing = await cli('check', '--bundle', join(dir, 'does-not-exist'), '-o', `junit=${file}`);
    expect(missing.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toMatch(/<testsuites name="ndes-doctor" tests="1" failures="0" errors="1" /);
    expect(readFileSync(file, 'utf8')).toMatch(/<error message="Bundle not found: [^"]*does-not-exist" type="E_NOT_STARTED">/);
    if (process.platform === 'win32') return;
    const live = await cli('check', '-f', 'junit');
    expect(live.code).toBe(3);
    expect(live.stdout).toMatch(/<testsuites name="ndes-doctor" tests="1" failures="0" errors="1" /);
    expect(live.stdout).toContain('works only on Windows');
  });
});
