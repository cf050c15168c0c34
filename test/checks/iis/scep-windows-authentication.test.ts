import { describe, expect, it } from 'vitest';
import scepWindowsAuthentication from '../../../src/checks/iis/scep-windows-authentication.js';
import { facts, run, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-005 Windows authentication on /CertSrv/mscep', () => {
  it('fails when Windows authentication is on next to anonymous, as in this stock layout', () => {
    const out = run(scepWindowsAuthentication, facts(STOCK));
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toBe('anonymous enabled, windows enabled');
    expect(out.evidence?.source).toMatch(/windowsAuthentication/);
  });
  it('fails when anonymous access is off', () => {
    const f = facts(STOCK);
    const out = run(scepWindowsAuthentication, { ...f, iisScepPath: { ...f.iisScepPath, anonymousAuthentication: { enabled: false, setBy: 'x' } } });
    expect(out.status).toBe('fail');
    expect(out.message).toBe('On Default Web Site/CertSrv/mscep only Windows authentication is enabled: devices cannot authenticate and get 401 for every SCEP request.');
  });
});
