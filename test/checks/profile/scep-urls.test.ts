import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/scep-urls.js';
import { flags, graph, lint } from './profile-facts.js';

const urls = (scepUrl: string[], platform = 'windows') => lint(check, flags({ scepUrl, platform }));
const GOOD = 'https://ndes.contoso.com/certsrv/mscep/mscep.dll';

describe('NDES-PRF-013 profile-scep-urls', () => {
  it('passes an https URL ending in mscep.dll, in any case, with 443 or a trailing slash', () => {
    expect(urls([GOOD])).toMatchObject({ status: 'pass', message: `The SCEP URL ${GOOD} is well formed.` });
    expect(urls(['https://NDES.contoso.com:443/CertSrv/mscep/mscep.dll/']).status).toBe('pass');
  });

  // Microsoft: https is required for Android device administrator and the three Android Enterprise
  // enrollment types; Android (AOSP) is not on that list.
  it('fails http for Android device administrator and Android Enterprise, warns elsewhere', () => {
    expect(lint(check, graph('android-device-owner-upn.json'))).toMatchObject({ status: 'fail', message: expect.stringMatching(/need an https SCEP URL/) });
    for (const platform of ['android', 'android-work-profile', 'android-device-owner']) {
      expect(urls(['http://ndes.contoso.com/certsrv/mscep/mscep.dll'], platform).status, platform).toBe('fail');
    }
    for (const platform of ['android-aosp', 'windows', 'ios', 'macos']) {
      expect(urls(['http://ndes.contoso.com/certsrv/mscep/mscep.dll'], platform), platform).toMatchObject({ status: 'warn', message: expect.stringMatching(/without TLS/) });
    }
  });

  it('fails another path, a query, credentials, another scheme, and text that is no URL', () => {
    const cases: [string, RegExp][] = [
      ['https://ndes.contoso.com/certsrv/mscep', /has the path "\/certsrv\/mscep"/],
      ['https://ndes.contoso.com/certsrv/mscep/mscep.dll/pkiclient.exe', /devices append \/pkiclient\.exe themselves/],
      ['https://ndes.contoso.com', /the path is missing/],
      ['https://ndes.contoso.com/certsrv/mscep/mscep.dll?operation=GetCACaps', /has a query or fragment/],
      ['https://svc:secret@ndes.contoso.com/certsrv/mscep/mscep.dll', /user name or password/],
      ['ftp://ndes.contoso.com/certsrv/mscep/mscep.dll', /must be https:\/\//],
      ['ndes.contoso.com', /is not a URL/],
    ];
    for (const [url, message] of cases) expect(urls([url]), url).toMatchObject({ status: 'fail', message: expect.stringMatching(message) });
  });

  it('warns about a port other than 443 and a URL listed twice', () => {
    expect(urls(['https://ndes.contoso.com:8443/certsrv/mscep/mscep.dll'])).toMatchObject({ status: 'warn', message: expect.stringMatching(/port 8443; Microsoft documents NDES for Intune on port 443 only/) });
    const twice = urls([GOOD, GOOD.toUpperCase().replace('HTTPS', 'https')]);
    expect(twice.status).toBe('warn');
    expect(twice.message).toMatch(/is listed more than once\.$/);
  });

  it('explains how each platform uses several URLs, and that one enrollment must stay on one server', () => {
    const two = [GOOD, 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'];
    expect(urls(two, 'ios').message).toMatch(/^All 2 SCEP URLs are well formed\. With 2 URLs on iOS\/iPadOS, Intune picks one URL at random and gives the device only that one.*all three must reach the same NDES server/);
    expect(urls(two, 'windows').message).toMatch(/tries the URLs in that order until one answers/);
    expect(urls(two, 'macos').message).toMatch(/With 2 URLs on macOS, Microsoft does not document how Intune or the device picks among them\./);
    expect(urls(two, 'android-work-profile').evidence?.details).toEqual({ platformBehaviour: 'the device shuffles the list and uses the first NDES server it can reach for the whole enrollment' });
    expect(urls([GOOD]).evidence?.details).toBeUndefined();
  });

  it('does not judge Cloud PKI URLs, and fails a profile without any URL', () => {
    expect(lint(check, graph('windows-device-cloud-pki.json'))).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
    expect(lint(check, { ...flags(), scepUrls: { status: 'ok', from: 'scepServerUrls', value: [] } }).status).toBe('fail');
  });
});
