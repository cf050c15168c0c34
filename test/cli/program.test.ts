import { describe, expect, it } from 'vitest';
import { shortcut } from '../../src/cli/program.js';

describe('shortcut', () => {
  it('takes list and explain with nothing but one --json, on either side of the term', () => {
    for (const argv of [['list'], ['list', '--json'], ['explain', 'NDES-IIS-001'], ['explain', '0x411', '--json'], ['explain', '--json', '1001'], ['explain', 'help']]) {
      expect(shortcut(argv), argv.join(' ')).toBeTypeOf('function');
    }
  });

  it('leaves every other command line to commander, which reports what is wrong with it', () => {
    for (const argv of [[], ['check'], ['list', 'x'], ['list', '--json', '--json'], ['list', '--help'], ['explain'], ['explain', 'a', 'b'], ['explain', '-1'], ['explain', '--', 'x'], ['explain', 'x', '--json=1'], ['--version', 'list']]) {
      expect(shortcut(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
