import { describe, expect, it } from 'vitest';
import maxQueryString from '../../../src/checks/iis/request-filtering-max-query-string.js';
import maxUrl from '../../../src/checks/iis/request-filtering-max-url.js';
import { facts, run, HEALTHY, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-001/002 request limits', () => {
  it('stock NDES fails maxUrl on the IIS default and names where it looked', () => {
    const out = run(maxUrl, facts(STOCK));
    expect(out.status).toBe('fail');
    expect(out.message).toBe('maxUrl for Default Web Site/CertSrv/mscep/mscep.dll is not set anywhere on the path, so the IIS default of 4096 applies; SCEP requests need 65534.');
    expect(out.evidence).toMatchObject({ actual: 'absent (IIS default 4096)', codes: ['404.14'] });
    if (out.status !== 'fail') return;
    expect(out.remediation.commands?.[0]).toBe(
      '%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534 /commit:apphost',
    );
  });

  it('accepts the 65536 NDES writes itself and reports maxAllowedContentLength', () => {
    const out = run(maxQueryString, facts(STOCK));
    expect(out.status).toBe('pass');
    expect(out.evidence?.details).toMatchObject({ maxAllowedContentLength: 30000000, maxAllowedContentLengthSetBy: 'IIS default' });
  });

  it('a web.config in mscep lowering maxQueryString fails, names the file, and the fix targets that web.config', () => {
    const out = run(maxQueryString, facts({ ...HEALTHY, 'iis.webconfig-mscep': 'web.config.mscep-low' }));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/is 2048, set by iis\/webconfig\/CertSrv\/mscep\/web\.config/);
    expect(out.evidence?.source).toMatch(/^iis\/webconfig\/CertSrv\/mscep\/web\.config/);
    if (out.status !== 'fail') return;
    expect(out.remediation.commands?.[0]).toMatch(/set config "Default Web Site\/CertSrv\/mscep" .*maxQueryString:65534$/);
  });

  it('the site root web.config from the connector installer makes maxUrl pass', () => {
    const out = run(maxUrl, facts({ ...STOCK, 'iis.webconfig-site': 'web.config.site-root' }));
    expect(out.status).toBe('pass');
    expect(out.evidence?.source).toMatch(/^iis\/webconfig\/site-root\/web\.config/);
  });
});
