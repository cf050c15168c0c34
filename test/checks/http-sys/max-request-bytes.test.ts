import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/http-sys/max-request-bytes.js';
import { registryFactFromFixture, runCheck } from '../fixture-facts.js';

const run = (fixture: string) => runCheck(check, { httpSysParameters: registryFactFromFixture('httpSysParameters', fixture) });

describe('NDES-HSYS-002 http-sys-max-request-bytes', () => {
  it('passes at exactly 65534', async () => {
    expect(await run('http-parameters.reg')).toMatchObject({ status: 'pass', message: 'MaxRequestBytes is 65534.' });
  });

  it('passes above 65534 up to 16777216, the top of the documented range', async () => {
    const o = await run('http-parameters-large.reg');
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/^MaxRequestBytes is 16777216, within the documented range and above/);
  });

  it('warns one above 16777216 (reg export by Wine reg.exe)', async () => {
    const o = await run('http-parameters-above-range.reg');
    expect(o.status).toBe('warn');
    expect(o.message).toMatch(/^MaxRequestBytes is 16777217, outside the range 256 to 16777216/);
  });

  it('fails at 255, below the documented minimum of 256, and at 256', async () => {
    expect((await run('http-parameters-below-range.reg')).message).toMatch(/below the documented minimum of 256/);
    expect((await run('http-parameters-range-min.reg')).message).toBe('MaxRequestBytes is 256, below the 65534 that SCEP requests need.');
  });

  it('fails when absent', async () => {
    const o = await run('http-parameters-absent.reg');
    expect(o).toMatchObject({ status: 'fail', evidence: { expected: 'REG_DWORD 65534 (0xfffe) to 16777216', actual: 'absent (default 16384)', codes: ['414', '400'] } });
  });

  it('fails on REG_SZ', async () => {
    const o = await run('http-parameters-string.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('REG_SZ');
  });

  it('fails at 65533, one below the requirement', async () => {
    const o = await run('http-parameters-small.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toBe('MaxRequestBytes is 65533, below the 65534 that SCEP requests need.');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.[0]?.text).toContain('/v MaxRequestBytes /t REG_DWORD /d 65534 /f');
  });
});
