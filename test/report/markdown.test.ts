import { describe, expect, it } from 'vitest';
import { cell, inline, renderMarkdown } from '../../src/report/markdown.js';
import type { Result } from '../../src/engine/types.js';
import { sampleReport, sampleReportWithChanges, sampleResults } from './sample.js';

const md = renderMarkdown(sampleReport(), { color: false, verbose: false });

describe('renderMarkdown', () => {
  it('starts with the verdict, the counts and the top findings, most severe first across areas and targets', () => {
    expect(md.startsWith('# ndes-doctor report: CRITICAL · NDES02\n\n**CRITICAL** (exit 2): failures at or above severity `info` exit 2.\n')).toBe(true);
    expect(md).toContain('| FAIL | ERROR | WARN | PASS | SKIP |\n|---:|---:|---:|---:|---:|\n| 2 | 1 | 1 | 2 | 1 |');
    expect(md).toContain(
      [
        '## Top findings',
        '',
        '| Severity | Status | Check | Title |',
        '|---|---|---|---|',
        '| critical | ERROR | NDES-IIS-001 | maxUrl |',
        '| high | FAIL | NDES-NET-001 | GetCACaps answers (https://ndes.contoso.com/certsrv/mscep/mscep.dll) |',
        '| medium | FAIL | NDES-HSYS-002 | MaxRequestBytes \\| pipes \\& \\<tags\\> |',
        '| low | WARN | NDES-IE-002 | IE ESC users |',
      ].join('\n'),
    );
    expect(md.indexOf('## Top findings')).toBeLessThan(md.indexOf('## HTTP.sys'));
  });

  it('groups the details by area, each with its verdict and counts, findings before the passed and skipped', () => {
    const areas = ['## HTTP.sys (kernel HTTP listener): FAIL\n\n1 fail, 1 pass.', '## IIS configuration: ERROR\n\n1 error, 1 skip.', '## Internet Explorer settings: WARN'];
    const at = areas.map((a) => md.indexOf(a));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(md.indexOf('### FAIL NDES-HSYS-002')).toBeGreaterThan(at[0]!);
    expect(md.indexOf('| PASS | NDES-HSYS-001 |')).toBeGreaterThan(md.indexOf('### FAIL NDES-HSYS-002'));
    expect(md.indexOf('### ERROR NDES-IIS-001')).toBeGreaterThan(at[1]!);
    expect(md).toContain('- **Expected:** `REG_DWORD 65534`');
    expect(md).toContain('- **Fix:** Set it \\& restart \\<now\\>.');
    expect(md).toContain('- **Error:** E\\_FACT\\_UNAVAILABLE: The data this check needs could not be collected or read.');
    expect(md).toContain('<https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure>');
  });

  it('fences each run of commands in the language of its shell, named above it', () => {
    expect(md).toContain('In Command Prompt (cmd):\n\n```cmd\nreg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxRequestBytes /t REG_DWORD /d 65534 /f\n```');
    // A command holding ``` gets a longer fence, so the block cannot end early.
    expect(md).toContain('In PowerShell:\n\n````powershell\nWrite-Output "```"\n````');
    expect(md).toContain('```powershell\nStop-Process -Name explorer -Force\n```');
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
    expect(inline('x|y')).toBe('`x|y`');
    expect(inline('a `tick` b')).toBe('``a `tick` b``');
    expect(inline('ends `tick`')).toBe('`` ends `tick` ``');
    expect(inline('`edge')).toBe('`` `edge ``');
    const rows = md.split('\n').filter((l) => /^\| (PASS|SKIP) \| NDES-/.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length, row).toBe(6);
  });

  it('keeps a row at its cells when data ends in a backslash before a pipe, and shows evidence outside tables as it is', () => {
    const target = 'https://ndes.example/x?<img src=x onerror=alert(1)>[x](javascript:alert(1))\\|';
    const results = sampleResults().map((r) =>
      r.id === 'NDES-NET-001' && r.status === 'fail' ? ({ ...r, target } as Result) : r.id === 'NDES-HSYS-002' ? { ...r, evidence: { actual: 'Negotiate|NTLM' } } : r,
    );
    const out = renderMarkdown(sampleReport(results));
    const row = out.split('\n').find((l) => l.startsWith('| high | FAIL | NDES-NET-001'))!;
    // marked and micromark end a cell at a pipe after an even run of backslashes: four cells, five such pipes.
    expect([...row.matchAll(/(?<!\\)(?:\\\\)*\|/g)]).toHaveLength(5);
    expect(row).not.toMatch(/(?<!\\)[<[]/);
    // In a code span a backslash is shown as written, so none is added before a pipe there.
    expect(out).toContain('- **Actual:** `Negotiate|NTLM`');
  });

  it('gives the endpoint area of each probed target its own heading', () => {
    const a = md.indexOf('## SCEP endpoint, as devices see it · `https://ndes.contoso.com/certsrv/mscep/mscep.dll`: FAIL');
    const b = md.indexOf('## SCEP endpoint, as devices see it · `https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll`: PASS');
    expect(a).toBeGreaterThan(0);
    expect(md.indexOf('### FAIL NDES-NET-001')).toBeGreaterThan(a);
    expect(md.indexOf('| PASS | NDES-NET-001 |')).toBeGreaterThan(b);
  });

  it('ends with run warnings and the environment, codes named', () => {
    expect(md).toContain('## Run warnings\n\n- Not elevated: \\<some\\> settings could not be read.');
    expect(md).toMatch(/- \*\*Codes:\*\* 0x00000411[^\n]*; 404\.15/);
    const env = md.slice(md.indexOf('## Environment and run'));
    expect(env).toContain('| Host | NDES02 |');
    expect(env).toContain('| Mode | bundle |');
    expect(env).toContain('| Redaction | not applied |');
  });
});

describe('renderMarkdown with --history or --baseline', () => {
  const changed = renderMarkdown(sampleReportWithChanges(), { color: false, verbose: false });

  it('puts the Changes section right after the verdict, before the top findings, escaped like the rest', () => {
    expect(changed.indexOf('## Changes')).toBeGreaterThan(changed.indexOf('**CRITICAL**'));
    expect(changed.indexOf('## Changes')).toBeLessThan(changed.indexOf('## Top findings'));
    expect(changed).toContain('Since the previous run (2026-11-19T10:00:00.000Z, CRITICAL): 1 new, 1 resolved, 1 changed, 2 unchanged.');
    expect(changed).toContain('| new | FAIL NDES-HSYS-002 MaxRequestBytes \\| pipes \\& \\<tags\\> \\[medium\\] (was PASS) |');
    expect(changed).toContain('| resolved | PASS NDES-HSYS-001 MaxFieldLength \\[high\\] (was FAIL) |');
    expect(changed).toContain('- TLS certificate "CN=\\<ndes\\> \\& "co"" (NDES-HSYS-001): 19 days left, to 2026-12-10; 20 at the compared run');
  });

  it('has no Changes section without a comparison', () => {
    expect(md).not.toContain('## Changes');
  });
});
