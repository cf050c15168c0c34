import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSupportedNode, MINIMUM_NODE } from '../../bin/node-version.js';

describe('isSupportedNode', () => {
  it('accepts the minimum and later, refuses anything earlier', () => {
    expect(MINIMUM_NODE).toBe('22.19.0');
    expect(isSupportedNode('22.19.0')).toBe(true);
    expect(isSupportedNode('v22.19.1')).toBe(true);
    expect(isSupportedNode('22.18.9')).toBe(false);
    expect(isSupportedNode('v20.20.2')).toBe(false);
    expect(isSupportedNode('23.0.0')).toBe(true);
    expect(isSupportedNode('26.10.0')).toBe(true);
  });

  it('is what package.json engines says', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE}`);
  });
});
