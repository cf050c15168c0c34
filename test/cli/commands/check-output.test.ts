import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
