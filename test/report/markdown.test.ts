import { describe, expect, it } from 'vitest';
import { cell, inline, renderMarkdown } from '../../src/report/markdown.js';
import { sampleReport, sampleReportWithChanges } from './sample.js';

const md = renderMarkdown(sampleReport(), { color: false, verbose: false });

describe('renderMarkdown', () => {
  it('starts with the header and a summary table of counts and exit status', () => {
    expect(md.startsWith('# ndes-doctor report: CRITICAL\n')).toBe(true);
    expect(md).toContain('| Host | NDES02 |');
    expect(md).toContain('| Mode | bundle |');
    expect(md).toContain('| FAIL | ERROR | WARN | PASS | SKIP | Status | Exit code |');
    expect(md).toContain('| 2 | 1 | 1 | 2 | 1 | CRITICAL | 2 |');
  });

  it('lists findings fail, error, warn with expected/actual, fix, commands and docs', () => {
    const fail = md.indexOf('### FAIL NDES-HSYS-002');
    const error = md.indexOf('### ERROR NDES-IIS-001');
    const warn = md.indexOf('### WARN NDES-IE-002');
    expect(fail).toBeGreaterThan(-1);
    expect(fail).toBeLessThan(error);
    expect(error).toBeLessThan(warn);
    expect(md).toContain('- **Expected:** `REG_DWORD 65534`');
    expect(md).toContain('- **Fix:** Set it \\& restart \\<now\\>.');
    expect(md).toContain('- **Error:** E\\_FACT\\_UNAVAILABLE: The data this check needs could not be collected or read.');
    expect(md).toContain('<https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure>');
    // A command holding ``` gets a longer fence, so the block cannot end early.
    expect(md).toContain('````powershell\nreg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxRequestBytes');
    expect(md).toContain('Write-Output "```"\n````');
  });

  it('escapes markdown and HTML in server-provided text', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('Value is \\<script\\>alert(1)\\</script\\> and \\`ticks\\` \\| pipe');
    expect(md).toContain('\\[link\\](javascript:alert(1))');
    expect(md).toContain('\\*bold\\*');
    // A script URL is never made a link.
    expect(md).toContain('- **Docs:** `javascript:alert(1)`');
  });

  it('keeps table rows intact when cells contain pipes and line breaks', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
    expect(inline('x|y')).toBe('`x\\|y`');
    expect(inline('a `tick` b')).toBe('``a `tick` b``');
    expect(inline('ends `tick`')).toBe('`` ends `tick` ``');
    expect(inline('`edge')).toBe('`` `edge ``');
    const rows = md.split('\n').filter((l) => /^\| (PASS|SKIP) \| NDES-/.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length, row).toBe(6);
  });

  it('groups per-target results under their own heading', () => {
    expect(md).toContain('## Findings for `https://ndes.contoso.com/certsrv/mscep/mscep.dll`');
    expect(md).toContain('## Passed and skipped for `https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll`');
    const section = md.slice(md.indexOf('## Findings for `https://ndes.contoso.com'));
    expect(section).toContain('### FAIL NDES-NET-001');
    expect(md.indexOf('### FAIL NDES-NET-001')).toBeGreaterThan(md.indexOf('## Findings for'));
  });

  it('shows run warnings and codes', () => {
    expect(md).toContain('## Run warnings\n\n- Not elevated: \\<some\\> settings could not be read.');
    expect(md).toMatch(/- \*\*Codes:\*\* 0x00000411[^\n]*; 404\.15/);
  });
});

describe('renderMarkdown with --history or --baseline', () => {
  const changed = renderMarkdown(sampleReportWithChanges(), { color: false, verbose: false });

  it('puts a Changes section before the summary, escaped like the rest', () => {
    expect(changed.indexOf('## Changes')).toBeGreaterThan(0);
    expect(changed.indexOf('## Changes')).toBeLessThan(changed.indexOf('## Summary'));
    expect(changed).toContain('Since the previous run (2026-11-19T10:00:00.000Z, CRITICAL): 1 new, 1 resolved, 1 changed, 2 unchanged.');
    expect(changed).toContain('| new | FAIL NDES-HSYS-002 MaxRequestBytes \\| pipes \\& \\<tags\\> \\[medium\\] (was PASS) |');
    expect(changed).toContain('| resolved | PASS NDES-HSYS-001 MaxFieldLength \\[high\\] (was FAIL) |');
    expect(changed).toContain('- TLS certificate "CN=\\<ndes\\> \\& "co"" (NDES-HSYS-001): 19 days left, to 2026-12-10; 20 at the compared run');
  });

  it('has no Changes section without a comparison', () => {
    expect(md).not.toContain('## Changes');
  });
});
