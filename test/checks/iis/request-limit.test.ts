import { describe, expect, it } from 'vitest';
import maxQueryString from '../../../src/checks/iis/request-filtering-max-query-string.js';
import maxUrl from '../../../src/checks/iis/request-filtering-max-url.js';
import { facts, factsOfAppHost as scepPath, run, HEALTHY, STOCK } from './iis-fixture-facts.js';
import { realText } from '../../helpers/real.js';
import { cmd } from '../../../src/engine/outcome.js';

describe('NDES-IIS-001/002 request limits', () => {
  it('stock NDES leaves maxUrl at the IIS default: a low warning, since maxUrl excludes the query string', () => {
    const out = run(maxUrl, facts(STOCK));
    expect(out.status).toBe('warn');
    expect(out.message).toMatch(/^maxUrl for Default Web Site\/CertSrv\/mscep\/mscep\.dll is not set, so the IIS default of 4096 applies\. It does not stop SCEP/);
    expect(out.message).toMatch(/Microsoft's setup guide still asks for 65534/);
    expect(out.evidence).toMatchObject({ actual: 'absent (IIS default 4096)' });
    expect(out.evidence?.codes).toBeUndefined();
    if (out.status !== 'warn') return;
    expect(out.severity).toBe('low');
    expect(out.remediation.commands?.[0]).toEqual(
      cmd('%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534 /commit:apphost'),
    );
    // The query string, not maxUrl, is what refuses SCEP: the fix says so and names no query-string refusal.
    expect(out.remediation.text).toMatch(/^Raise maxUrl to 65534 for Default Web Site\/CertSrv\/mscep\. Microsoft's setup guide sets Maximum URL length to 65534 together with Maximum query string\./);
    expect(out.remediation.text).not.toMatch(/404\.1[45]|query string, so/);
    // The Microsoft section that sets both limits to 65534 in IIS Manager.
    expect(out.remediation.docs).toBe('https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes#http-414-request-uri-too-long');
  });

  it('never lets a path read from the bundle close the quotes of its fix command', () => {
    const base = facts(STOCK);
    const out = run(maxUrl, { ...base, iisScepPath: { ...base.iisScepPath, target: 'Web" & calc.exe & "/CertSrv/mscep/mscep.dll' } });
    if (out.status !== 'warn') throw new Error(out.status);
    expect(out.remediation.commands?.[0]?.text).toMatch(/^%windir%\\system32\\inetsrv\\appcmd\.exe set config "<site>\/CertSrv\/mscep" -section/);
    expect(JSON.stringify(out.remediation.commands)).not.toContain('calc.exe');
  });

  it('grades maxUrl on both sides of the 38-byte SCEP path and of 65534', () => {
    const base = facts(STOCK);
    const withMaxUrl = (value: number) => ({ ...base, iisScepPath: { ...base.iisScepPath, maxUrl: { value, setBy: 'x' } } });
    const at37 = run(maxUrl, withMaxUrl(37));
    expect(at37.status).toBe('fail');
    expect(at37.message).toBe(
      'maxUrl for Default Web Site/CertSrv/mscep/mscep.dll is 37, set by x: shorter than the 38-byte SCEP path /certsrv/mscep/mscep.dll/pkiclient.exe, so every SCEP request ends in 404.14. Microsoft asks for 65534.',
    );
    expect(at37.evidence?.codes).toEqual(['404.14']);
    expect(run(maxUrl, withMaxUrl(38)).status).toBe('warn');
    expect(run(maxUrl, withMaxUrl(65533)).status).toBe('warn');
    expect(run(maxUrl, withMaxUrl(65534)).status).toBe('pass');
  });

  it('maxQueryString has no such allowance: 65533 fails, 65534 passes', () => {
    const base = facts(STOCK);
    const withLimit = (value: number) => ({ ...base, iisScepPath: { ...base.iisScepPath, maxQueryString: { value, setBy: 'x' } } });
    const at65533 = run(maxQueryString, withLimit(65533));
    expect(at65533).toMatchObject({ status: 'fail', evidence: { codes: ['404.15'] } });
    if (at65533.status === 'fail') expect(at65533.remediation.text).toMatch(/carry the whole PKCS#7 message in the query string, so a lower limit refuses them with 404 \(404\.15 in the IIS log\)/);
    expect(run(maxQueryString, withLimit(65534)).status).toBe('pass');
  });

  describe('on the real applicationHost.config files NDES setup wrote: Server 2022 with Request Filtering, Server 2019 without', () => {
    const WITH = realText('iis/ndes-manual-ws2022-applicationHost.config');
    const WITHOUT = realText('iis/ndes-manual-ws2019-applicationHost.config');
    // NDES setup writes maxQueryString="65536" for mscep and mscep_admin; without it the IIS default applies.
    const withoutLimits = (text: string) => text.replace(/<requestLimits maxQueryString="65536" \/>/g, '');

    it('tells whether Request Filtering is installed from <globalModules>', () => {
      expect(scepPath(WITH).iisScepPath.requestFilteringInstalled).toBe(true);
      expect(scepPath(WITHOUT).iisScepPath.requestFilteringInstalled).toBe(false);
      // Files without the section tell nothing, and the checks judge as on a stock server.
      expect(facts(STOCK).iisScepPath.requestFilteringInstalled).toBeUndefined();
    });

    it('the IIS default maxQueryString fails with Request Filtering installed, and warns (high) before it is', () => {
      expect(run(maxQueryString, scepPath(withoutLimits(WITH)))).toMatchObject({ status: 'fail', evidence: { codes: ['404.15'] } });
      const pending = run(maxQueryString, scepPath(withoutLimits(WITHOUT)));
      expect(pending).toMatchObject({ status: 'warn', severity: 'high' });
      expect(pending.message).toBe(
        'maxQueryString for Default Web Site/CertSrv/mscep/mscep.dll is not set (IIS default 2048), but IIS Request Filtering is not installed ' +
          '(no RequestFilteringModule in the <globalModules> of applicationHost.config), so no limit applies today. NDES needs Request Filtering ' +
          '(NDES-SRV-005): once it is installed, this value refuses every SCEP request with 404.15. Set 65534 when installing it.',
      );
      // What NDES setup writes passes either way: it applies as soon as the module does.
      expect(run(maxQueryString, scepPath(WITHOUT)).status).toBe('pass');
      expect(run(maxQueryString, scepPath(WITH)).status).toBe('pass');
    });

    it('without Request Filtering: maxUrl keeps its low warning, below the SCEP path it warns high, and maxQueryString warns up to 65533', () => {
      const bare = scepPath(WITHOUT);
      expect(run(maxUrl, bare)).toMatchObject({ status: 'warn', severity: 'low' });
      const withMaxUrl = (value: number) => ({ ...bare, iisScepPath: { ...bare.iisScepPath, maxUrl: { value, setBy: 'x' } } });
      expect(run(maxUrl, withMaxUrl(37))).toMatchObject({
        status: 'warn',
        severity: 'high',
        message: expect.stringMatching(/^maxUrl for Default Web Site\/CertSrv\/mscep\/mscep\.dll is 37 \(set by x\), but .* refuses every SCEP request with 404\.14\./),
      });
      const withQuery = (value: number) => ({ ...bare, iisScepPath: { ...bare.iisScepPath, maxQueryString: { value, setBy: 'x' } } });
      expect([run(maxQueryString, withQuery(65533)).status, run(maxQueryString, withQuery(65534)).status]).toEqual(['warn', 'pass']);
      expect(run(maxUrl, withMaxUrl(38))).toMatchObject({ status: 'warn', severity: 'low' });
    });
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
    expect(out.remediation.commands?.[0]?.text).toMatch(/set config "Default Web Site\/CertSrv\/mscep" .*maxQueryString:65534$/);
  });

  it('a value set for a path deeper than the application is fixed at that path, where a fix for the application would not reach', () => {
    const base = facts(STOCK);
    const setAt = (level: string) => ({ ...base, iisScepPath: { ...base.iisScepPath, maxQueryString: { value: 2048, setBy: `<location path="${level}">`, level } } });
    const deeper = run(maxQueryString, setAt('Default Web Site/CertSrv/mscep/mscep.dll'));
    if (deeper.status !== 'fail') throw new Error(deeper.status);
    expect(deeper.remediation.text).toMatch(/^Raise maxQueryString to 65534 for Default Web Site\/CertSrv\/mscep\/mscep\.dll\./);
    expect(deeper.remediation.commands?.[0]?.text).toMatch(/set config "Default Web Site\/CertSrv\/mscep\/mscep\.dll" .*\/commit:apphost$/);
    const shallower = run(maxQueryString, setAt('Default Web Site'));
    if (shallower.status !== 'fail') throw new Error(shallower.status);
    expect(shallower.remediation.commands?.[0]?.text).toMatch(/set config "Default Web Site\/CertSrv\/mscep" .*\/commit:apphost$/);
  });

  it('the site root web.config from the connector installer makes maxUrl pass', () => {
    const out = run(maxUrl, facts({ ...STOCK, 'iis.webconfig-site': 'web.config.site-root' }));
    expect(out.status).toBe('pass');
    expect(out.evidence?.source).toMatch(/^iis\/webconfig\/site-root\/web\.config/);
  });

  it('the same web.config under a <location overrideMode="Deny"> holding requestFiltering: 500.19 for every request, a failure', () => {
    const locked = { 'iis.applicationhost': 'applicationHost.locked.config', 'iis.apppools': 'apppools.started.xml', 'iis.webconfig-site': 'web.config.site-root' } as const;
    for (const check of [maxUrl, maxQueryString]) {
      const out = run(check, facts(locked));
      expect(out.status).toBe('fail');
      expect(out.message).toMatch(/^iis\/webconfig\/site-root\/web\.config \(top level\) .*: the section is locked for web\.config files.* HTTP 500\.19 \(0x80070021\)/);
      expect(out.evidence?.codes).toEqual(['500.19']);
      if (out.status !== 'fail') return;
      expect(out.remediation.text).toMatch(/^Remove the <requestFiltering> element from that web\.config/);
      expect(out.remediation.commands?.[0]?.text).toMatch(/\/commit:apphost$/);
    }
    // Without that web.config the locked location's own values are judged as usual.
    expect(run(maxQueryString, facts({ ...locked, 'iis.webconfig-site': undefined })).status).toBe('pass');
  });
});

describe('NDES-IIS-002 and a site-level <location inheritInChildApplications="false">', () => {
  // The real Server 2022 file NDES setup wrote, its own 65536 for mscep taken out, the site given 65534 instead.
  const WITH = realText('iis/ndes-manual-ws2022-applicationHost.config').replace(/<requestLimits maxQueryString="65536" \/>/g, '');
  const siteLimit = (attrs: string) =>
    WITH.replace(
      '</configuration>',
      `<location path="Default Web Site" ${attrs}><system.webServer><security><requestFiltering><requestLimits maxQueryString="65534" /></requestFiltering></security></system.webServer></location></configuration>`,
    );

  it('does not reach the mscep application: the IIS default applies, and the message says why the site value does not count', () => {
    const o = run(maxQueryString, scepPath(siteLimit('inheritInChildApplications="false"')));
    expect(o).toMatchObject({ status: 'fail', evidence: { codes: ['404.15'] } });
    expect(o.message).toMatch(/is not set anywhere on the path, so the IIS default of 2048 applies; SCEP requests need 65534\. Not taken into account: iis\/applicationHost\.config <location path="Default Web Site"> has inheritInChildApplications="false", so its settings stop at the application Default Web Site and do not reach Default Web Site\/CertSrv\/mscep\/mscep\.dll\.$/);
  });

  it('without the attribute the site value reaches mscep', () => {
    expect(run(maxQueryString, scepPath(siteLimit('')))).toMatchObject({ status: 'pass', message: expect.stringMatching(/is 65534 \(set by iis\/applicationHost\.config <location path="Default Web Site">/) });
  });
});
