import { describe, expect, it } from 'vitest';
import { expandEnvironment, webConfigPathFor } from '../../../src/collect/windows/iis-web-config.js';
import { decodeText } from '../../../src/parse/text.js';
import { fixture } from '../../facts/iis-fixtures.js';

const env = { SystemDrive: 'C:', SYSTEMROOT: 'C:\\Windows' };

describe('webConfigPathFor', () => {
  const stock = decodeText(fixture('applicationHost.stock.config'));

  it('maps each URL level of the NDES site to its folder, environment variables expanded', () => {
    expect(webConfigPathFor(stock, '/', env)).toEqual({ path: 'C:\\inetpub\\wwwroot\\web.config' });
    expect(webConfigPathFor(stock, '/CertSrv', env)).toEqual({ path: 'C:\\inetpub\\wwwroot\\CertSrv\\web.config' });
    expect(webConfigPathFor(stock, '/CertSrv/mscep', env)).toEqual({ path: 'C:\\Windows\\system32\\CertSrv\\mscep\\web.config' });
  });

  it('uses the renamed site that holds /CertSrv/mscep', () => {
    const de = decodeText(fixture('applicationHost.de.config')).replace('%SystemDrive%\\inetpub\\wwwroot', 'D:\\Web');
    expect(webConfigPathFor(de, '/CertSrv', env)).toEqual({ path: 'D:\\Web\\CertSrv\\web.config' });
  });

  it('records why it cannot tell, instead of guessing', () => {
    expect(webConfigPathFor(decodeText(fixture('applicationHost.doctype.config')), '/', env)).toMatchObject({
      record: { status: 'failed', errorCode: 'E_FACT_MALFORMED', message: expect.stringMatching(/^applicationHost\.config: .*DOCTYPE/) },
    });
    expect(webConfigPathFor('<configuration><system.applicationHost><sites/></system.applicationHost></configuration>', '/', env)).toMatchObject({
      record: { status: 'not-found' },
    });
  });
});

describe('expandEnvironment', () => {
  it('expands names case-insensitively and leaves unknown ones', () => {
    expect(expandEnvironment('%systemdrive%\\x\\%SystemRoot%\\%NOPE%', env)).toBe('C:\\x\\C:\\Windows\\%NOPE%');
  });
});
