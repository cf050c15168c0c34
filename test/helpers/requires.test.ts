import { afterEach, describe, expect, it, vi } from 'vitest';
import { installed, suiteName } from './requires.js';

describe('installed: outside programs a suite needs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('is true, quietly, when the program is there', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('CI', 'true');
    expect(installed('nginx', true, 'nginx')).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('skips with the reason and the package to install on a developer machine', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('CI', '');
    expect(installed('nginx (/usr/sbin/nginx)', false, 'nginx')).toBe(false);
    expect(warn).toHaveBeenCalledWith('Skipping: nginx (/usr/sbin/nginx) is not installed (apt-get install -y nginx; .ci/run installs it).');
    expect(suiteName('proxy', false, 'nginx')).toBe('proxy (skipped: needs nginx, which .ci/run installs)');
    expect(suiteName('proxy', true, 'nginx')).toBe('proxy');
  });

  it('fails in CI instead of skipping', () => {
    vi.stubEnv('CI', 'true');
    expect(() => installed('wine64', false, 'wine64')).toThrow(/^wine64 is not installed \(apt-get install -y wine64; .*\)\. CI must run this suite, not skip it\.$/);
  });
});
