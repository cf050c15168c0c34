import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { sampleReport, sampleReportWithChanges } from './sample.js';

const plain = (verbose: boolean) => renderText(sampleReport(), { color: false, verbose });

describe('renderText', () => {
  it('lists failures, then errors, then warnings, most severe first, with the fix inline', () => {
    const out = plain(false);
    const order = ['✖ FAIL NDES-HSYS-002', '! ERROR NDES-IIS-001', '▲ WARN NDES-IE-002'].map((s) => out.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(out).toContain('    fix: Set it & restart <now>.\n      > reg add "HKLM\\SYSTEM');
    expect(out).toContain('    error: E_FACT_UNAVAILABLE: The data this check needs could not be collected or read.');
    expect(out).toContain('    code:     0x00000411');
  });

  it('collapses passes unless verbose, but always shows skips with their message', () => {
    const quiet = plain(false);
    expect(quiet).toContain('1 passed, 1 skipped (--verbose lists them).');
    expect(quiet).toContain('  - NDES-IIS-002 Skipped: prerequisite NDES-IIS-001 did not pass (error).');
    expect(quiet).not.toContain('✔ PASS NDES-HSYS-001');
    expect(plain(true)).toContain('✔ PASS NDES-HSYS-001 MaxFieldLength');
  });

  it('gives each probed target its own heading', () => {
    const out = plain(true);
    const a = out.indexOf('Target https://ndes.contoso.com/certsrv/mscep/mscep.dll');
    const b = out.indexOf('Target https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll');
    expect(a).toBeGreaterThan(out.indexOf('▲ WARN NDES-IE-002'));
    expect(out.indexOf('✖ FAIL NDES-NET-001')).toBeGreaterThan(a);
    expect(out.indexOf('✔ PASS NDES-NET-001')).toBeGreaterThan(b);
  });

  it('ends with the overall result, counts and run warnings, and has no colour codes when colour is off', () => {
    const out = plain(false);
    expect(out).toContain('Result: CRITICAL (exit 2) · 2 fail, 1 error, 1 warn, 2 pass, 1 skip');
    expect(out).toContain('note: Not elevated: <some> settings could not be read.');
    expect(out).not.toContain('\u001b[');
    expect(renderText(sampleReport(), { color: true, verbose: false })).toContain('\u001b[');
  });
});

describe('renderText with --history or --baseline', () => {
  it('shows what changed since the compared run first, before the findings', () => {
    const out = renderText(sampleReportWithChanges(), { color: false, verbose: false });
    const head = out.indexOf('Since the previous run (2026-11-19T10:00:00.000Z, CRITICAL): 1 new, 1 resolved, 1 changed, 2 unchanged.');
    expect(head).toBeGreaterThan(0);
    expect(head).toBeLessThan(out.indexOf('✖ FAIL'));
    expect(out).toContain('  new       FAIL NDES-HSYS-002 MaxRequestBytes | pipes & <tags> [medium] (was PASS)');
    expect(out).toContain('  resolved  PASS NDES-HSYS-001 MaxFieldLength [high] (was FAIL)');
    expect(out).toContain('  changed   WARN NDES-IE-002 IE ESC users [low] (was FAIL)');
    expect(out).toContain('  TLS certificate "CN=<ndes> & "co"" (NDES-HSYS-001): 19 days left, to 2026-12-10; 20 at the compared run');
  });

  it('shows no such section without a comparison', () => {
    expect(plain(true)).not.toMatch(/Since the|First run recorded/);
  });
});
