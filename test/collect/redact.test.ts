import { describe, expect, it } from 'vitest';
import { redactBundleFiles } from '../../src/collect/redact.js';
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
    expect(redaction).toEqual({ applied: true, rules: ['config-password', 'scep-message'], masked: 1 });
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
    const reg = Buffer.from('Windows Registry Editor Version 5.00\r\n"Password"="kept: not a config file"\r\n');
    const { files, redaction } = redactBundleFiles(new Map([['iis/webconfig/CertSrv/web.config', utf16], ['registry/x.reg', reg]]));
    const out = Buffer.from(files.get('iis/webconfig/CertSrv/web.config')!);
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(out.subarray(2).toString('utf16le')).toBe(webConfig.replace('S3cret!', '***'));
    expect(files.get('registry/x.reg')).toBe(reg);
    expect(redaction.masked).toBe(1);
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
