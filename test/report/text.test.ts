import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { sampleReport, sampleReportWithChanges } from './sample.js';

const plain = (verbose: boolean) => renderText(sampleReport(), { color: false, verbose });

describe('renderText', () => {
  it('starts with the verdict, the counts and the top findings across areas and targets, most severe first', () => {
    const out = plain(false);
    const lines = out.split('\n');
    expect(lines[1]).toBe('Result: CRITICAL (exit 2) · 2 fail, 1 error, 1 warn, 2 pass, 1 skip');
    const summary = out.slice(0, out.indexOf('HTTP.sys (kernel HTTP listener)'));
    // Severity first (critical before high before medium before low), whatever the area or target.
    expect(summary).toContain(
      [
        'Top findings, most severe first:',
        '  ! ERROR critical NDES-IIS-001 maxUrl',
        '  ✖ FAIL  high     NDES-NET-001 GetCACaps answers · https://ndes.contoso.com/certsrv/mscep/mscep.dll',
        '  ✖ FAIL  medium   NDES-HSYS-002 MaxRequestBytes | pipes & <tags>',
        '  ▲ WARN  low      NDES-IE-002 IE ESC users',
      ].join('\n'),
    );
    expect(summary).not.toContain('NDES-HSYS-001');
  });

  it('lists only the ten most severe findings at the top and says how many more follow', () => {
    const base = sampleReport().results[1]!;
    const many = Array.from({ length: 12 }, (_, i) => ({ ...base, id: `NDES-HSYS-${String(100 + i)}`, severity: i === 11 ? ('critical' as const) : ('low' as const) }));
    const out = renderText(sampleReport(many), { color: false, verbose: false });
    const top = out.slice(out.indexOf('Top findings'), out.indexOf('\n\n', out.indexOf('Top findings')));
    expect(top.split('\n').filter((l) => l.includes('NDES-HSYS-1'))).toHaveLength(10);
    expect(top.split('\n')[1]).toContain('NDES-HSYS-111');
    expect(top).toContain('  and 2 more below.');
  });

  it('then gives each area with its verdict, findings first with the fix inline', () => {
    const out = plain(false);
    const areas = ['HTTP.sys (kernel HTTP listener) ✖ FAIL (1 fail, 1 pass)', 'IIS configuration ! ERROR (1 error, 1 skip)', 'Internet Explorer settings ▲ WARN (1 warn)'];
    const at = areas.map((a) => out.indexOf(`${a}\n`));
    expect(at.every((i) => i > out.indexOf('Top findings'))).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(out.indexOf('✖ FAIL NDES-HSYS-002 MaxRequestBytes')).toBeGreaterThan(at[0]!);
    expect(out.indexOf('! ERROR NDES-IIS-001 maxUrl')).toBeGreaterThan(at[1]!);
    expect(out).toContain('    error: E_FACT_UNAVAILABLE: The data this check needs could not be collected or read.');
    expect(out).toContain('    code:     0x00000411');
  });

  it('prints each command under the name of its shell, alone on its line, so it pastes as it is', () => {
    const out = plain(false);
    expect(out).toContain(
      [
        '    fix: Set it & restart <now>.',
        '    in Command Prompt (cmd):',
        '      reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxRequestBytes /t REG_DWORD /d 65534 /f',
        '    in PowerShell:',
        '      Write-Output "```"',
      ].join('\n'),
    );
    expect(out).not.toMatch(/^\s*> /m);
  });

  it('collapses passes unless verbose, but always shows skips with their message', () => {
    const quiet = plain(false);
    expect(quiet).toContain('0 passed, 1 skipped (--verbose lists them).');
    expect(quiet).toContain('  - NDES-IIS-002 Skipped: prerequisite NDES-IIS-001 did not pass (error).');
    expect(quiet).not.toContain('✔ PASS NDES-HSYS-001');
    expect(plain(true)).toContain('✔ PASS NDES-HSYS-001 MaxFieldLength');
  });

  it('gives the endpoint area of each probed target its own heading and verdict', () => {
    const out = plain(true);
    const a = out.indexOf('SCEP endpoint, as devices see it · https://ndes.contoso.com/certsrv/mscep/mscep.dll ✖ FAIL (1 fail)');
    const b = out.indexOf('SCEP endpoint, as devices see it · https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll ✔ PASS (1 pass)');
    expect(a).toBeGreaterThan(out.indexOf('▲ WARN NDES-IE-002 IE ESC users [low]'));
    expect(out.indexOf('✖ FAIL NDES-NET-001 GetCACaps answers [high]')).toBeGreaterThan(a);
    expect(out.indexOf('✔ PASS NDES-NET-001')).toBeGreaterThan(b);
  });

  it('ends with the overall result again, counts and run warnings, and has no colour codes when colour is off', () => {
    const out = plain(false);
    expect(out.trimEnd().split('\n').slice(-2)).toEqual(['Result: CRITICAL (exit 2) · 2 fail, 1 error, 1 warn, 2 pass, 1 skip', 'note: Not elevated: <some> settings could not be read.']);
    expect(out).not.toContain('\u001b[');
    expect(renderText(sampleReport(), { color: true, verbose: false })).toContain('\u001b[');
  });

  it('says so when nothing needs fixing', () => {
    const passes = sampleReport().results.filter((r) => r.status === 'pass');
    expect(renderText(sampleReport(passes), { color: false, verbose: false })).toContain('No failures, errors or warnings.');
  });
});

describe('renderText with --history or --baseline', () => {
  it('shows what changed since the compared run right after the verdict, before the top findings', () => {
    const out = renderText(sampleReportWithChanges(), { color: false, verbose: false });
    const head = out.indexOf('Since the previous run (2026-11-19T10:00:00.000Z, CRITICAL): 1 new, 1 resolved, 1 changed, 2 unchanged.');
    expect(head).toBeGreaterThan(out.indexOf('Result: CRITICAL'));
    expect(head).toBeLessThan(out.indexOf('Top findings'));
    expect(out).toContain('  new       FAIL NDES-HSYS-002 MaxRequestBytes | pipes & <tags> [medium] (was PASS)');
    expect(out).toContain('  resolved  PASS NDES-HSYS-001 MaxFieldLength [high] (was FAIL)');
    expect(out).toContain('  changed   WARN NDES-IE-002 IE ESC users [low] (was FAIL)');
    expect(out).toContain('  TLS certificate "CN=<ndes> & "co"" (NDES-HSYS-001): 19 days left, to 2026-12-10; 20 at the compared run');
  });

  it('shows no such section without a comparison', () => {
    expect(plain(true)).not.toMatch(/Since the|First run recorded/);
  });
});
