import { describe, expect, it } from 'vitest';
import scepWindowsAuthentication from '../../../src/checks/iis/scep-windows-authentication.js';
import { facts, run, HEALTHY, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-005 anonymous access to /CertSrv/mscep', () => {
  it('passes the layout NDES setup writes: anonymous and Windows authentication both on', () => {
    const out = run(scepWindowsAuthentication, facts(STOCK));
    expect(out.status).toBe('pass');
    expect(out.evidence?.actual).toBe('anonymous enabled, windows enabled');
    expect(out.message).toMatch(/Windows authentication is enabled too, as NDES setup leaves it/);
  });
  it('passes anonymous only, without the note about Windows authentication', () => {
    const out = run(scepWindowsAuthentication, facts(HEALTHY));
    expect(out.status).toBe('pass');
    expect(out.evidence?.actual).toBe('anonymous enabled, windows disabled');
    expect(out.message).not.toMatch(/Windows authentication/);
  });
  it('fails when anonymous access is off and only Windows authentication is left', () => {
    const f = facts(STOCK);
    const out = run(scepWindowsAuthentication, { ...f, iisScepPath: { ...f.iisScepPath, anonymousAuthentication: { enabled: false, setBy: 'x' } } });
    expect(out.status).toBe('fail');
    expect(out.message).toBe('On Default Web Site/CertSrv/mscep only Windows authentication is enabled: devices send no Windows credentials, so every SCEP request ends in 401.');
    if (out.status !== 'fail') return;
    // The fix turns anonymous on and leaves Windows authentication as NDES setup wrote it.
    expect(out.remediation.commands?.map((c) => c.text).join('\n')).toMatch(/anonymousAuthentication \/enabled:true/);
    expect(out.remediation.commands?.map((c) => c.text).join('\n')).not.toMatch(/windowsAuthentication/);
  });
  it('fails a web.config that sets a locked authentication section: IIS answers 500.19, whatever the value', () => {
    const out = run(scepWindowsAuthentication, facts({ ...STOCK, 'iis.webconfig-mscep': 'web.config.mscep-auth' }));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^iis\/webconfig\/CertSrv\/mscep\/web\.config \(top level\) .*anonymousAuthentication@enabled="false": the section is locked/);
    expect(out.message).toMatch(/HTTP 500\.19 \(0x80070021\)/);
    expect(out.evidence?.codes).toEqual(['500.19']);
    if (out.status !== 'fail') return;
    expect(out.remediation.text).toMatch(/^Remove the <authentication> element from that web\.config/);
    // A web.config that sets only a delegated section leaves the verdict to the applicationHost.config values.
    expect(run(scepWindowsAuthentication, facts({ ...STOCK, 'iis.webconfig-mscep': 'web.config.site-root' })).status).toBe('pass');
  });
  it('fails when no authentication method is enabled', () => {
    const f = facts(STOCK);
    const off = { enabled: false, setBy: 'x' };
    const out = run(scepWindowsAuthentication, { ...f, iisScepPath: { ...f.iisScepPath, anonymousAuthentication: off, windowsAuthentication: off } });
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/no authentication method is enabled/);
  });
});
