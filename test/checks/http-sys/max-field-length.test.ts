import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/http-sys/max-field-length.js';
import { registryFactFromFixture, runCheck } from '../fixture-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const run = (fixture: string) => runCheck(check, { httpSysParameters: registryFactFromFixture('httpSysParameters', fixture) });

describe('NDES-HSYS-001 http-sys-max-field-length', () => {
  it('passes at exactly 65534', async () => {
    const o = await run('http-parameters.reg');
    expect(o).toMatchObject({ status: 'pass', message: 'MaxFieldLength is 65534.' });
    expect(o.evidence?.actual).toBe('65534 (0xfffe) REG_DWORD');
    expect(o.evidence?.source).toBe('HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\MaxFieldLength (registry/http-parameters.reg)');
  });

  it('warns one above 65534, the top of the range KB 820129 documents (reg export by Wine reg.exe)', async () => {
    const o = await run('http-parameters-above-range.reg');
    expect(o.status).toBe('warn');
    expect(o.message).toMatch(/^MaxFieldLength is 65535, outside the range 64 to 65534 that KB 820129 documents; HTTP\.sys may ignore it/);
    if (o.status !== 'warn') return;
    expect(o.remediation.commands?.[0]?.text).toContain('/v MaxFieldLength /t REG_DWORD /d 65534 /f');
  });

  it('fails one below 65534', async () => {
    expect(await run('http-parameters-below-required.reg')).toMatchObject({ status: 'fail', message: 'MaxFieldLength is 65533, below the 65534 that SCEP requests need.' });
  });

  it('warns on 65536 as well', async () => {
    expect((await run('http-parameters-large.reg')).status).toBe('warn');
  });

  it('fails below the documented minimum of 64 and says so; 64 itself is only too small for SCEP', async () => {
    const below = await run('http-parameters-below-range.reg');
    expect(below.status).toBe('fail');
    expect(below.message).toMatch(/^MaxFieldLength is 63, below the 65534 .* below the documented minimum of 64/);
    const min = await run('http-parameters-range-min.reg');
    expect(min.status).toBe('fail');
    expect(min.message).toBe('MaxFieldLength is 64, below the 65534 that SCEP requests need.');
  });

  it('fails when the value is absent (default 16384), with the reg add command and a reboot', async () => {
    const o = await run('http-parameters-absent.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('not set');
    expect(o.evidence?.actual).toBe('absent (default 16384)');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands).toEqual([
      cmd('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /t REG_DWORD /d 65534 /f'),
      cmd('shutdown /r /t 0'),
    ]);
    // The Microsoft page that names both values and 65534, with the anchor of that section.
    expect(o.remediation.docs).toBe('https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes#http-414-request-uri-too-long');
  });

  it('fails on a REG_SZ "65534", and removes the wrong value before adding the DWORD', async () => {
    const o = await run('http-parameters-string.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('type REG_SZ');
    expect(o.evidence?.actual).toBe('"65534" REG_SZ');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.[0]).toEqual(cmd('reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /f'));
  });

  it('fails below 65534 (16384 written explicitly)', async () => {
    const o = await run('http-parameters-small.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toBe('MaxFieldLength is 16384, below the 65534 that SCEP requests need.');
  });

  it('fails one below with the full evidence, HTTP 414 or 400 as the symptom, and says why iisreset is not enough', async () => {
    const o = await run('http-parameters-below-required.reg');
    expect(o.evidence).toEqual({
      expected: 'REG_DWORD 65534 (0xfffe)',
      actual: '65533 (0xfffd) REG_DWORD',
      source: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\MaxFieldLength (registry/http-parameters-below-required.reg)',
      codes: ['414', '400'],
    });
    if (o.status !== 'fail') throw new Error(o.status);
    expect(o.remediation.text).toBe(
      'Set MaxFieldLength to 65534 (decimal) as a REG_DWORD, then restart the server: HTTP.sys reads this value at boot, ' +
        'so iisreset is not enough. Devices send SCEP requests with URLs of 20 to 40 KB; with the default limit HTTP.sys ' +
        'refuses them (HTTP 414, or 400, logged only in HTTPERR) before IIS or the Intune connector sees them.',
    );
  });

  it('above the range: says HTTP.sys may fall back to its default, and points to KB 820129', async () => {
    const o = await run('http-parameters-above-range.reg');
    expect(o.message).toBe(
      'MaxFieldLength is 65535, outside the range 64 to 65534 that KB 820129 documents; HTTP.sys may ignore it and fall back ' +
        'to its default of 16384, which rejects long SCEP requests. Set the documented 65534.',
    );
    if (o.status !== 'warn') throw new Error(o.status);
    expect(o.remediation.docs).toContain('httpsys-registry-windows');
    expect(o.evidence?.codes).toBeUndefined();
  });

  it('reads the same from reg query output', async () => {
    expect((await run('http-parameters-query-en.txt')).status).toBe('pass');
  });
});
