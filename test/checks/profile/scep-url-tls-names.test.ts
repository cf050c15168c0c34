import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/scep-url-tls-names.js';
import { binding, iis, netsh, store, thumbprintOf } from '../tls/tls-facts.js';
import { flags, run } from './profile-facts.js';

// my-healthy: CN=ndes01.contoso.com with DNS SANs ndes01.contoso.com and ndes.contoso.com.
// my-broken: CN=NDES02 without any SAN.
const healthy = store('my-healthy.json');
const broken = store('my-broken.json');
const server = (my: typeof healthy, subject: string) => ({ iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', thumbprintOf(my, subject)]]), certStoreMy: my });
const lintUrls = (scepUrl: string[], my = healthy, subject = 'CN=ndes01.contoso.com') => run(check, { profile: flags({ scepUrl }), ...server(my, subject) });

describe('NDES-PRF-018 profile-scep-url-tls-names', () => {
  it("passes URL hosts that are in the bound certificate's DNS SAN", () => {
    const o = lintUrls(['https://ndes.contoso.com/certsrv/mscep/mscep.dll', 'https://NDES01.contoso.com/certsrv/mscep/mscep.dll']);
    expect(o).toMatchObject({ status: 'pass', message: 'The certificate bound to NDES names ndes.contoso.com, ndes01.contoso.com in its SAN.' });
  });

  it('fails a host the certificate does not name, and an IP address', () => {
    expect(lintUrls(['https://scep.fabrikam.com/certsrv/mscep/mscep.dll'])).toMatchObject({ status: 'fail', message: expect.stringMatching(/does not name scep\.fabrikam\.com/) });
    expect(lintUrls(['https://10.0.0.5/certsrv/mscep/mscep.dll']).status).toBe('fail');
  });

  it('warns on a host the certificate does not name beside one it names: likely a proxy publishing NDES with its own certificate', () => {
    const o = lintUrls(['https://ndes.contoso.com/certsrv/mscep/mscep.dll', 'https://scep.fabrikam.com/certsrv/mscep/mscep.dll']);
    expect(o).toMatchObject({ status: 'warn', message: expect.stringMatching(/^The certificate bound to NDES does not name scep\.fabrikam\.com, unlike the profile's other URL: fine if a reverse proxy publishes it/) });
  });

  it('warns when the name is only in the CN', () => {
    expect(lintUrls(['https://ndes02/certsrv/mscep/mscep.dll'], broken, 'CN=NDES02')).toMatchObject({ status: 'warn', message: expect.stringMatching(/only in its CN/) });
  });

  it('leaves out application proxy names, http and Cloud PKI URLs', () => {
    const o = lintUrls(['https://ndes-contoso.msappproxy.net/certsrv/mscep/mscep.dll', 'https://ndes.contoso.com/certsrv/mscep/mscep.dll']);
    expect(o).toMatchObject({ status: 'pass', message: expect.stringMatching(/ndes-contoso\.msappproxy\.net is published by Microsoft Entra application proxy/) });
    expect(lintUrls(['http://scep.fabrikam.com/certsrv/mscep/mscep.dll']).status).toBe('skip');
    expect(lintUrls(['https://{{CloudPKIFQDN}}/TrafficGateway/PassThroughRoutingService/CloudPki/CloudPkiService/Scep/x/y']).status).toBe('skip');
  });

  it('skips when no certificate is bound', () => {
    expect(run(check, { profile: flags(), iisConfig: iis([]), sslBindings: netsh([]), certStoreMy: healthy }).status).toBe('skip');
  });
});
