import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runsHere } from '../../src/cli/quick.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (args: string[]) => execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false });

describe('what dist/quick.js runs itself', () => {
  it('is --help, --version, list and explain; every other command goes to dist/ndes-doctor.cjs', () => {
    for (const argv of [[], ['-h'], ['--help'], ['help', 'check'], ['-V'], ['--version'], ['list'], ['explain', '1001', '--json']]) expect(runsHere(argv), argv.join(' ')).toBe(true);
    for (const argv of [['check'], ['collect'], ['report', 'r.json'], ['schedule'], ['lint-profile'], ['lis'], ['--verbose', 'list']]) expect(runsHere(argv), argv.join(' ')).toBe(false);
  });

  it('has all that the command lines it runs need (built CLI)', async () => {
    for (const argv of [[], ['-h', 'check'], ['help', 'check'], ['help', 'report'], ['-V', 'check'], ['list', '--help'], ['explain', '--help']]) {
      const r = await cli(argv);
      expect(r.stderr, argv.join(' ')).not.toMatch(/internal error|not in dist\/quick\.js/);
      expect(`${r.stdout}${r.stderr}`, argv.join(' ')).toMatch(/Usage: ndes-doctor|^\d+\.\d+\.\d+ \(Node\.js/m);
    }
  });

  it('hands the other commands to dist/ndes-doctor.cjs (built CLI)', async () => {
    const r = await cli(['report', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: ndes-doctor report \[options\] <result\.json>/);
  });
});
