import { describe, expect, it } from 'vitest';
import { FactError } from '../../src/facts/fact.js';
import { iisAppPoolStates, iisConfig, iisMscepAdmin, iisScepPath } from '../../src/facts/iis.js';
import { physicalDir } from '../../src/parse/iis-effective.js';
import { decodeText } from '../../src/parse/text.js';
import { reader } from './iis-fixtures.js';

const scep = (files: Parameters<typeof reader>[0]) => iisScepPath.derive(reader(files));

/** A reader whose applicationHost.config is a fixture edited by `edit` (LF line ends, as decoded). */
function withAppHost(name: string, edit: (text: string) => string, more: Parameters<typeof reader>[0] = {}) {
  const read = reader({ 'iis.applicationhost': name, ...more });
  return (id: Parameters<typeof read>[0]) => {
    const raw = read(id);
    if (id !== 'iis.applicationhost' || raw.status !== 'ok') return raw;
    const text = edit(decodeText(raw.bytes));
    return { ...raw, bytes: new TextEncoder().encode(text) };
  };
}

describe('iisConfig', () => {
  it('names the bundle file it came from', () => {
    const fact = iisConfig.derive(reader({ 'iis.applicationhost': 'applicationHost.healthy.config' }));
    expect(fact.source).toBe('iis/applicationHost.config');
    expect(fact.sites[0]!.name).toBe('Default Web Site');
  });

  it('turns a parse failure into E_FACT_MALFORMED naming the file', () => {
    const err = (() => {
      try {
        iisConfig.derive(reader({ 'iis.applicationhost': 'applicationHost.doctype.config' }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FactError);
    expect((err as FactError).code).toBe('E_FACT_MALFORMED');
    expect((err as FactError).message).toMatch(/^iis\/applicationHost\.config: .*DOCTYPE/);
  });

  it('reports a missing applicationHost.config as unavailable', () => {
    expect(() => iisConfig.derive(reader({}))).toThrow(FactError);
  });
});

describe('iisScepPath: effective request limits for /CertSrv/mscep/mscep.dll', () => {
  it('stock NDES: the mscep <location> sets maxQueryString 65536 and nothing sets maxUrl', () => {
    const f = scep({ 'iis.applicationhost': 'applicationHost.stock.config' });
    expect(f.target).toBe('Default Web Site/CertSrv/mscep/mscep.dll');
    expect(f.maxQueryString).toEqual({
      value: 65536,
      setBy: 'iis/applicationHost.config <location path="Default Web Site/CertSrv/mscep"> system.webServer/security/requestFiltering/requestLimits@maxQueryString="65536"',
      level: 'Default Web Site/CertSrv/mscep',
    });
    expect(f.maxUrl).toEqual({ value: 4096 });
    expect(f.maxAllowedContentLength).toEqual({ value: 30000000 });
    expect(f.files).toEqual(['iis/applicationHost.config']);
    expect(f.notes).toEqual([]);
  });

  it('server level only, with a location path written in another case and a renamed site', () => {
    const f = scep({ 'iis.applicationhost': 'applicationHost.de.config' });
    expect(f.site).toBe('Standardwebsite');
    expect(f.maxUrl.value).toBe(65534);
    expect(f.maxUrl.setBy).toMatch(/^iis\/applicationHost\.config \(top level\) .*maxUrl="65534"$/);
    // <location path="standardwebsite/certsrv/MSCEP"> still applies: IIS compares paths case-insensitively.
    expect(f.anonymousAuthentication).toMatchObject({ enabled: true });
    expect(f.windowsAuthentication.setBy).toMatch(/<location path="standardwebsite\/certsrv\/MSCEP">/);
    expect(f.windowsAuthentication.enabled).toBe(false);
  });

  it('the site root web.config (where the connector installer writes) raises maxUrl', () => {
    const f = scep({ 'iis.applicationhost': 'applicationHost.stock.config', 'iis.webconfig-site': 'web.config.site-root' });
    expect(f.maxUrl).toMatchObject({ value: 65534, setBy: expect.stringMatching(/^iis\/webconfig\/site-root\/web\.config \(top level\)/), webConfigLevel: 'Default Web Site' });
    // The deeper apphost <location> still wins for maxQueryString.
    expect(f.maxQueryString.value).toBe(65536);
    expect(f.files).toEqual(['iis/applicationHost.config', 'iis/webconfig/site-root/web.config']);
  });

  it('a CertSrv web.config (UTF-16LE) overrides the site root', () => {
    const f = scep({
      'iis.applicationhost': 'applicationHost.stock.config',
      'iis.webconfig-site': 'web.config.site-root',
      'iis.webconfig-certsrv': 'web.config.certsrv-high',
    });
    expect(f.maxUrl).toMatchObject({ value: 131072, webConfigLevel: 'Default Web Site/CertSrv' });
  });

  it('reads no web.config in a folder below a virtual directory with allowSubDirConfig="false", however it is set', () => {
    const files = { 'iis.webconfig-site': 'web.config.site-root', 'iis.webconfig-certsrv': 'web.config.certsrv-high' } as const;
    const ROOT = '<virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />';
    const DEFAULTS = '<virtualDirectoryDefaults allowSubDirConfig="true" />';
    const maxUrl = (edit: (text: string) => string) => {
      const f = iisScepPath.derive(withAppHost('applicationHost.stock.config', edit, files));
      return { value: f.maxUrl.value, notes: f.notes.join(' ') };
    };
    // CertSrv is a plain folder under the site root's directory: its web.config is IIS's only while the root allows it.
    const ignored = { value: 65534, notes: expect.stringContaining('/CertSrv maps to %SystemDrive%\\inetpub\\wwwroot\\CertSrv, below a virtual directory with allowSubDirConfig="false"') };
    expect(maxUrl((t) => t.replace(ROOT, ROOT.replace(' />', ' allowSubDirConfig="False" />')))).toEqual(ignored);
    expect(maxUrl((t) => t.replace(DEFAULTS, DEFAULTS.replace('true', 'false')))).toEqual(ignored);
    expect(maxUrl((t) => t.replace('<application path="/">', '<application path="/"><virtualDirectoryDefaults allowSubDirConfig="false" />'))).toEqual(ignored);
    // The directory's own setting wins over the defaults; the defaults allow it when nothing says otherwise.
    expect(maxUrl((t) => t.replace(DEFAULTS, DEFAULTS.replace('true', 'false')).replace(ROOT, ROOT.replace(' />', ' allowSubDirConfig="true" />'))).value).toBe(131072);
    expect(maxUrl((t) => t).value).toBe(131072);
  });

  it('a web.config in mscep lowers maxQueryString below the apphost <location> and is named', () => {
    const f = scep({
      'iis.applicationhost': 'applicationHost.healthy.config',
      'iis.webconfig-site': 'web.config.site-root',
      'iis.webconfig-mscep': 'web.config.mscep-low',
    });
    expect(f.maxQueryString).toMatchObject({ value: 2048, webConfigLevel: 'Default Web Site/CertSrv/mscep' });
    expect(f.maxQueryString.setBy).toMatch(/^iis\/webconfig\/CertSrv\/mscep\/web\.config \(top level\) .*maxQueryString="2048"/);
    expect(f.maxUrl.value).toBe(65534);
    // windowsAuthentication is locked for web.config files (overrideModeDefault="Deny"): it does not count.
    expect(f.notes.join('\n')).toMatch(/CertSrv\/mscep\/web\.config .*windowsAuthentication@enabled="false": the section is locked/);
  });

  it('a <location overrideMode="Deny"> keeps web.config values out', () => {
    const f = scep({ 'iis.applicationhost': 'applicationHost.locked.config', 'iis.webconfig-site': 'web.config.site-root' });
    expect(f.maxUrl.value).toBe(8192);
    expect(f.maxUrl.setBy).toMatch(/<location path="Default Web Site">/);
    expect(f.notes.some((n) => n.includes('iis/webconfig/site-root/web.config') && n.includes('maxUrl="65534"'))).toBe(true);
  });

  it('stock NDES: windows and anonymous both on; a web.config cannot switch anonymous off (locked section)', () => {
    const stock = scep({ 'iis.applicationhost': 'applicationHost.stock.config', 'iis.webconfig-mscep': 'web.config.mscep-auth' });
    expect(stock.windowsAuthentication.enabled).toBe(true);
    expect(stock.anonymousAuthentication.enabled).toBe(true);
    expect(stock.notes.join('\n')).toMatch(/anonymousAuthentication@enabled="false": the section is locked/);
  });

  it('malformed values and files become errors that name the file', () => {
    expect(() => scep({ 'iis.applicationhost': 'applicationHost.stock.config', 'iis.webconfig-mscep': 'web.config.mscep-bad-number' })).toThrow(
      /CertSrv\/mscep\/web\.config.*maxQueryString must be a whole number/,
    );
    expect(() => scep({ 'iis.applicationhost': 'applicationHost.stock.config', 'iis.webconfig-certsrv': 'web.config.notconfig' })).toThrow(
      /^iis\/webconfig\/CertSrv\/web\.config: the root element is <html>/,
    );
  });

  it('an unreadable web.config is an error, not a silent default', () => {
    const read = reader({ 'iis.applicationhost': 'applicationHost.stock.config' });
    expect(() =>
      iisScepPath.derive((id) => (id === 'iis.webconfig-mscep' ? { status: 'unavailable', errorCode: 'E_ACCESS_DENIED', message: 'Access is denied.' } : read(id))),
    ).toThrow(/Access is denied/);
  });

  it('follows the site when its root is moved to another drive', () => {
    const f = iisScepPath.derive(withAppHost('applicationHost.stock.config', (t) => t.replace('%SystemDrive%\\inetpub\\wwwroot', 'D:\\Web\\root'), {
      'iis.webconfig-site': 'web.config.site-root',
    }));
    expect(iisConfig.derive(withAppHost('applicationHost.stock.config', (t) => t.replace('%SystemDrive%\\inetpub\\wwwroot', 'D:\\Web\\root'))).sites[0]!.applications[0]!.virtualDirectories[0]!.physicalPath).toBe('D:\\Web\\root');
    // The site-root artifact is collected from wherever the site maps "/", so it still applies.
    expect(f.maxUrl).toMatchObject({ value: 65534, webConfigLevel: 'Default Web Site' });
    expect(f.notes).toEqual([]);
  });

  it('says when a level maps to a folder whose web.config is not collected', () => {
    const f = iisMscepAdmin.derive(withAppHost('applicationHost.stock.config', (t) =>
      t.replace('<application path="/CertSrv/mscep_admin" applicationPool="SCEP">\n                    <virtualDirectory path="/" physicalPath="C:\\Windows\\system32\\CertSrv\\mscep" />',
        '<application path="/CertSrv/mscep_admin" applicationPool="SCEP">\n                    <virtualDirectory path="/" physicalPath="E:\\ndes-admin" />'),
    ));
    expect(f.notes).toEqual(['/CertSrv/mscep_admin maps to E:\\ndes-admin, whose web.config is not collected; settings there are not included']);
  });

  it('applies the mscep folder web.config to mscep_admin too, since both applications share the folder', () => {
    const f = iisMscepAdmin.derive(reader({ 'iis.applicationhost': 'applicationHost.stock.config', 'iis.webconfig-mscep': 'web.config.mscep-low' }));
    expect(f.files).toEqual(['iis/applicationHost.config', 'iis/webconfig/CertSrv/mscep/web.config']);
    expect(f.notes).toEqual([]);
  });

  it('no /CertSrv/mscep application: NDES is not installed', () => {
    expect(() => scep({ 'iis.applicationhost': 'applicationHost.nosites.config' })).toThrow(/NetworkServce/);
    const read = reader({ 'iis.applicationhost': 'applicationHost.stock.config' });
    expect(() =>
      iisScepPath.derive((id) => {
        const raw = read(id);
        if (id !== 'iis.applicationhost' || raw.status !== 'ok') return raw;
        return { ...raw, bytes: new TextEncoder().encode(new TextDecoder().decode(raw.bytes).replaceAll('/CertSrv/mscep', '/CertEnroll')) };
      }),
    ).toThrow(/no site has a \/CertSrv\/mscep application/);
  });
});

describe('iisMscepAdmin', () => {
  it('stock NDES exposes it', () => {
    const f = iisMscepAdmin.derive(reader({ 'iis.applicationhost': 'applicationHost.stock.config' }));
    expect(f).toMatchObject({ site: 'Default Web Site', application: 'Default Web Site/CertSrv/mscep_admin' });
    expect(f.hiddenBy).toBeUndefined();
  });
  it('a hiddenSegments entry at the site hides it', () => {
    const f = iisMscepAdmin.derive(reader({ 'iis.applicationhost': 'applicationHost.healthy.config' }));
    expect(f.hiddenBy).toMatch(/<location path="Default Web Site"> .*hiddenSegments\/add\[@segment="mscep_admin"\]/);
  });
  it('a removed application is simply absent', () => {
    expect(iisMscepAdmin.derive(reader({ 'iis.applicationhost': 'applicationHost.de.config' })).application).toBeUndefined();
  });
});

describe('iisAppPoolStates', () => {
  it('reads appcmd XML', () => {
    expect(iisAppPoolStates.derive(reader({ 'iis.apppools': 'apppools.started.xml' })).get('SCEP')).toBe('Started');
  });
});

describe('physicalDir', () => {
  const site = {
    name: 'S',
    id: '1',
    bindings: [],
    applications: [
      { path: '/', applicationPool: 'A', virtualDirectories: [{ path: '/', physicalPath: 'C:\\root', allowSubDirConfig: true }, { path: '/CertSrv', physicalPath: 'E:\\cs\\', allowSubDirConfig: true }] },
      { path: '/CertSrv/mscep', applicationPool: 'SCEP', virtualDirectories: [{ path: '/', physicalPath: 'C:\\m', allowSubDirConfig: true }] },
    ],
  };
  it('uses the longest application, then the longest virtual directory', () => {
    expect(physicalDir(site, '/')).toBe('C:\\root');
    expect(physicalDir(site, '/certsrv')).toBe('E:\\cs');
    expect(physicalDir(site, '/CertSrv/other/x')).toBe('E:\\cs\\other\\x');
    expect(physicalDir(site, '/CertSrv/MSCEP')).toBe('C:\\m');
  });
});
