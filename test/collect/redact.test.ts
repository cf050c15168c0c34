import { describe, expect, it } from 'vitest';
import { redactBundleFiles } from '../../src/collect/redact.js';
import { randomTexts } from '../helpers/random-text.js';
import { FACTS } from '../../src/facts/index.js';
import { fixture } from '../facts/iis-fixtures.js';

const APPHOST = 'iis/applicationHost.config';
const ENCRYPTED = '[enc:IISWASOnlyCngProvider:hp8sxS3JVER6blHqFi+78vXuvbuKTgQsSSpR3sn848L+wm4M2SYlZutqIT1/RN6Dvb0/S41/hps8hAaWDoKmrvdg==:enc]';

describe('redactBundleFiles', () => {
  it("masks the SCEP pool's encrypted password in applicationHost.config, keeping BOM, CRLF and every other byte", () => {
    const original = fixture('applicationHost.healthy.config');
    const { files, redaction } = redactBundleFiles(new Map([[APPHOST, original]]));
    const before = Buffer.from(original).toString('utf8');
    const after = Buffer.from(files.get(APPHOST)!).toString('utf8');
    expect(before).toContain(ENCRYPTED);
    expect(after).not.toContain(ENCRYPTED);
    expect(after).toContain('userName="CONTOSO\\svc-ndes" password="***"');
    expect(after).toBe(before.replace(ENCRYPTED, '***'));
    expect(redaction).toEqual({
      applied: true,
      rules: ['config-password', 'scep-message', 'registry-secret', 'private-key', 'url-credentials'],
      masked: 1,
      counts: { 'config-password': 1, 'scep-message': 0, 'registry-secret': 0, 'private-key': 0, 'url-credentials': 0 },
    });
  });

  it('changes no IIS finding: the fact derived from the masked file equals the original one', () => {
    const original = fixture('applicationHost.healthy.config');
    const { files } = redactBundleFiles(new Map([[APPHOST, original]]));
    const derive = (bytes: Uint8Array) =>
      FACTS.iisConfig.derive(() => ({ status: 'ok', file: APPHOST, bytes }));
    const { source: _a, ...was } = derive(original);
    const { source: _b, ...is } = derive(files.get(APPHOST)!);
    expect(is).toEqual(was);
  });

  it('masks connection-string passwords in a UTF-16LE web.config and leaves other files untouched', () => {
    const webConfig = '<?xml version="1.0" encoding="utf-16"?>\r\n<configuration><connectionStrings><add name="db" connectionString="Server=sql01;User Id=ndes;Password=S3cret!;" /></connectionStrings></configuration>\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(webConfig, 'utf16le')]);
    const log = Buffer.from('Password=kept: logs are not configuration\r\n');
    const { files, redaction } = redactBundleFiles(new Map([['iis/webconfig/CertSrv/web.config', utf16], ['logs/legacy/NDESPlugin.log', log]]));
    const out = Buffer.from(files.get('iis/webconfig/CertSrv/web.config')!);
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(out.subarray(2).toString('utf16le')).toBe(webConfig.replace('S3cret!', '***'));
    expect(files.get('logs/legacy/NDESPlugin.log')).toBe(log);
    expect(redaction.masked).toBe(1);
  });

  it('masks a connection-string password whole when it holds an XML entity or is quoted', () => {
    const name = 'iis/webconfig/CertSrv/web.config';
    const mask = (value: string) => {
      const text = `<add connectionString="Server=sql01;Password=${value};Encrypt=true" />`;
      return Buffer.from(redactBundleFiles(new Map([[name, Buffer.from(text)]])).files.get(name)!).toString();
    };
    for (const value of ['S3cret&amp;Tail9', '&quot;S3c;Tail9&quot;', "'S3c;Tail9'", 'S3c&#59;Tail9', 'S3c&quot;Tail9']) {
      expect(mask(value), value).toBe('<add connectionString="Server=sql01;Password=***;Encrypt=true" />');
    }
  });

  it('masks registry values named like secrets, as a string or as hex, and keeps flags and settings', () => {
    // Written by hand as reg export writes them (UTF-16LE with BOM; test/fixtures/redaction/planted holds ones Python encoded).
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector]',
      '"PfxPassword"="Pfx!Secret-42"',
      '"ProxyPassword"=hex:50,00,78,00,\\',
      '  21,00',
      '"EnforcePassword"=dword:00000001',
      '"PasswordVDir"="CertSrv/mscep_admin"',
      '',
    ].join('\r\n');
    const reg = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const query = Buffer.from('    PfxPassword    REG_SZ    Pfx!Secret-42\r\n    PasswordMax    REG_DWORD    0x5\r\n');
    const { files, redaction } = redactBundleFiles(new Map([['registry/microsoft-intune.reg', reg], ['registry/microsoft-intune.txt', query]]));
    const out = Buffer.from(files.get('registry/microsoft-intune.reg')!).subarray(2).toString('utf16le');
    expect(out).toBe(text.replace('"Pfx!Secret-42"', '"***"').replace('hex:50,00,78,00,\\\r\n  21,00', '"***"'));
    expect(Buffer.from(files.get('registry/microsoft-intune.txt')!).toString()).toBe('    PfxPassword    REG_SZ    ***\r\n    PasswordMax    REG_DWORD    0x5\r\n');
    expect(redaction.counts).toMatchObject({ 'registry-secret': 3 });
  });

  it('masks a private key and the password of a URL in any text file', () => {
    const log = Buffer.from('at https://svc:Pa55!word@ndes.contoso.com/x\r\n-----BEGIN RSA PRIVATE KEY-----\r\nMIIEow\r\n-----END RSA PRIVATE KEY-----\r\nafter\r\n');
    const { files, redaction } = redactBundleFiles(new Map([['logs/legacy/NDESPlugin.log', log]]));
    expect(Buffer.from(files.get('logs/legacy/NDESPlugin.log')!).toString()).toBe(
      'at https://svc:***@ndes.contoso.com/x\r\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\r\nafter\r\n',
    );
    expect(redaction.counts).toMatchObject({ 'private-key': 1, 'url-credentials': 1 });
  });

  it("masks the password of the connector's proxy written without a scheme, and keeps a proxy without one", () => {
    const name = 'registry/microsoft-intune.reg';
    const reg = (proxy: string) => `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MicrosoftIntune\\Proxy]\r\n"ProxyServer"="${proxy}"\r\n`;
    const once = redactBundleFiles(new Map([[name, Buffer.from(reg('svc:S3cr3t@proxy.contoso.com:8080'))]]));
    expect(Buffer.from(once.files.get(name)!).toString()).toBe(reg('svc:***@proxy.contoso.com:8080'));
    expect(once.redaction.counts).toMatchObject({ 'url-credentials': 1 });
    const twice = redactBundleFiles(once.files);
    expect(twice.redaction.masked).toBe(0);
    const plain = Buffer.from(reg('proxy.contoso.com:8080'));
    expect(redactBundleFiles(new Map([[name, plain]])).files.get(name)).toBe(plain);
  });

  it('counts nothing when there is nothing to mask, and masking twice changes nothing more', () => {
    const { files: once } = redactBundleFiles(new Map([[APPHOST, fixture('applicationHost.healthy.config')]]));
    const twice = redactBundleFiles(once);
    expect(twice.redaction.masked).toBe(0);
    expect(twice.files.get(APPHOST)).toBe(once.get(APPHOST));
  });
});

describe('redactBundleFiles on logs', () => {
  const message = encodeURIComponent(Buffer.alloc(120, 7).toString('base64'));
  const header = '#Fields: date time cs-uri-stem cs-uri-query sc-status\r\n';
  const iis =
    header +
    `2026-11-20 08:00:00 /certsrv/mscep/mscep.dll/pkiclient.exe operation=PKIOperation&message=${message} 200\r\n` +
    `2026-11-20 08:00:01 /certsrv/mscep/mscep.dll/pkiclient.exe message=${message}&operation=PKIOperation 200\r\n` +
    '2026-11-20 08:00:02 /certsrv/mscep/mscep.dll/pkiclient.exe operation=GetCACert&message=default 200\r\n';

  it('masks the SCEP messages in IIS and HTTP.sys logs and keeps every other byte', () => {
    const { files, redaction } = redactBundleFiles(new Map([['logs/iis/w3svc.log', Buffer.from(iis, 'latin1')]]));
    const out = Buffer.from(files.get('logs/iis/w3svc.log')!).toString('latin1');
    expect(out).toBe(iis.replaceAll(message, '***'));
    expect(out).toContain('operation=GetCACert&message=default 200');
    expect(redaction.masked).toBe(2);
  });

  it('leaves event exports alone: they are not configuration files', () => {
    const events = Buffer.from("<Event><EventData><Data Name='x'>Password=hunter2;</Data></EventData></Event>\r\n", 'utf16le');
    const { files, redaction } = redactBundleFiles(new Map([['logs/events/application.xml', events]]));
    expect(files.get('logs/events/application.xml')).toBe(events);
    expect(redaction.masked).toBe(0);
  });
});

describe('the linear-time secret patterns of redactBundleFiles', () => {
  // The former expressions, quadratic on hostile text (`a.a.…`, a run of blank lines), kept as the oracle.
  const FORMER_PASSWORD_ATTRIBUTE = /(\b[\w.-]*password\s*=\s*)(["'])(.*?)\2/gi;
  const CONNECTION_STRING_PASSWORD = /(\b(?:password|pwd)\s*=\s*)(&quot;.*?&quot;|'[^'<>]*'|(?:&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);|[^;"'<>])+)/gi;
  const REG_EXPORT_SECRET = /^("[^"\r\n]*(?:password|passwd|pwd|secret)"=)("(?:[^"\\\r\n]|\\.)*"|hex(?:\([0-9a-f]+\))?:[0-9a-f,\s\\]*[0-9a-f])/gim;
  const FORMER_REG_QUERY = /^(\s+[\w.-]*(?:password|passwd|pwd|secret)\s{2,}REG_(?!DWORD|QWORD)[A-Z_]+\s+)(\S.*?)(\r?)$/gim;
  const FORMER_URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@"'<>]+):([^\s/@"'<>]+)@/gi;

  const former = (name: string, s: string): string => {
    if (name.endsWith('.config')) {
      s = s
        .replace(FORMER_PASSWORD_ATTRIBUTE, (whole, key: string, quote: string, value: string) => (value === '' || value === '***' ? whole : `${key}${quote}***${quote}`))
        .replace(CONNECTION_STRING_PASSWORD, (whole, key: string, value: string) => (value === '***' ? whole : `${key}***`));
    } else {
      s = s
        .replace(REG_EXPORT_SECRET, (whole, key: string, value: string) => (value === '"***"' || value === '""' ? whole : `${key}"***"`))
        .replace(FORMER_REG_QUERY, (whole, key: string, value: string, cr: string) => (value === '***' ? whole : `${key}***${cr}`));
    }
    return s.replace(FORMER_URL_CREDENTIALS, (whole, scheme: string, user: string, pass: string) => (pass === '***' ? whole : `${scheme}${user}:***@`));
  };
  const now = (name: string, s: string) => Buffer.from(redactBundleFiles(new Map([[name, Buffer.from(s)]])).files.get(name)!).toString();

  it('mask what the former expressions masked, in configuration files and registry exports, on 30,000 random texts each', () => {
    const tokens = ['password', 'Pwd', 'secret', 'password=', 'Pwd = "', 'PfxPassword  REG_SZ  ', '\n    Pwd    REG_SZ    ', '\r\n"Secret"=hex:41,', 'u:p@', 'a', 'Z', '_', '1', '.', '-', '+', '"', "'", '=', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u2028', ';', '<', '@', ':', '/', '://', 'http', 'REG_SZ', 'REG_DWORD', 'hex:', '41,', '\\', '***'];
    for (const name of ['iis/web.config', 'registry/mscep.txt']) {
      const texts = randomTexts(tokens, 30_000, 24, name.length);
      const changed = texts.filter((s) => former(name, s) !== s).length;
      expect(changed, name).toBeGreaterThan(3_000);
      for (const s of texts) expect(now(name, s), JSON.stringify(s)).toBe(former(name, s));
    }
  });
});
