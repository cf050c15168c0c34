import { describe, expect, it, vi } from 'vitest';
import { openBundle } from '../../src/collect/bundle.js';
import { defineCheck } from '../../src/engine/check.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseApplicationHost } from '../../src/parse/iis-config.js';

vi.mock('../../src/parse/iis-config.js', async (original) => {
  const actual = await original<typeof import('../../src/parse/iis-config.js')>();
  return { ...actual, parseApplicationHost: vi.fn(actual.parseApplicationHost) };
});

const healthy = new URL('../../examples/healthy', import.meta.url).pathname;
const reads = (name: 'iisConfig' | 'iisScepPath' | 'iisMscepAdmin') =>
  defineCheck({ id: `TEST-${name}`, slug: name, area: 'iis', title: name, severity: 'info', requires: [name], run: () => ({ status: 'pass', message: 'read' }) });
const options = { concurrency: 3, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: { now: new Date('2026-11-22T00:00:00Z'), options: {} } };

describe('applicationHost.config in one run', () => {
  it('is parsed once for the three facts that read it', async () => {
    const parse = vi.mocked(parseApplicationHost);
    parse.mockClear();
    const checks = [reads('iisConfig'), reads('iisScepPath'), reads('iisMscepAdmin')];
    const results = await runChecks(checks, await openBundle(healthy), options);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
    expect(parse).toHaveBeenCalledTimes(1);
    // A second run reads its own copy: nothing parsed is carried from one run to the next.
    await runChecks(checks, await openBundle(healthy), options);
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('is parsed once when it cannot be parsed, and fails each fact with the same error', async () => {
    const parse = vi.mocked(parseApplicationHost);
    parse.mockClear();
    parse.mockImplementationOnce(() => {
      throw new Error('too many elements');
    });
    const results = await runChecks([reads('iisConfig'), reads('iisScepPath'), reads('iisMscepAdmin')], await openBundle(healthy), options);
    expect(results.map((r) => [r.status, r.message])).toEqual(Array(3).fill(['error', expect.stringMatching(/applicationHost\.config: too many elements/)]));
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
