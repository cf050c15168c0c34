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
    expect(redaction).toEqual({ applied: true, rules: ['config-password'], masked: 1 });
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
