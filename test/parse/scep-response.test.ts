import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classifyAdminPage, classifyRefusal, frontErrorPage, iisSubStatus, isIisErrorPage, isNdesInfoPage, parseCaps } from '../../src/parse/scep-response.js';
import { decodeText } from '../../src/parse/text.js';

const f = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/ndes-http/${name}`, import.meta.url)));

describe('mscep_admin pages (UTF-16LE without BOM, meta says UTF-8)', () => {
  test.each([
    ['mscep-admin-password.html', 'challenge-password'],
    ['mscep-admin-password-de.html', 'challenge-password'],
    ['mscep-admin-password-fr.html', 'challenge-password'],
    ['mscep-admin-password-ja.html', 'challenge-password'],
    ['mscep-admin-cache-full.html', 'password-cache-full'],
    ['mscep-admin-cache-full-fr.html', 'password-cache-full'],
    ['mscep-admin-no-permission.html', 'no-permission'],
    ['mscep-admin-no-permission-de.html', 'no-permission'],
    ['mscep-admin-no-permission-ja.html', 'no-permission'],
    ['mscep-ndes-page.html', 'other'],
    ['iis-403.html', 'other'],
    ['iis-404.15-detailed-zh-tw.html', 'other'],
  ] as const)('%s is %s', (file, kind) => {
    expect(classifyAdminPage(f(file))).toBe(kind);
  });

  test('the localized pages share no English text with the English ones: only markup and value shapes identify them', () => {
    for (const lang of ['de', 'fr', 'ja']) {
      const text = decodeText(f(`mscep-admin-password-${lang}.html`));
      expect(text).not.toMatch(/Network Device Enrollment Service|challenge password|thumbprint/i);
    }
  });

  test('a page with the challenge values but no NDES markup (rewritten by a proxy) is still a challenge page', () => {
    const html = '<html><body><p>Thumbprint <b>A656FA66 AB12B433 A2DA5CF7 CC153D9A</b></p><p>Challenge <b>8CE317021F690069</b></p></body></html>';
    expect(classifyAdminPage(new TextEncoder().encode(html))).toBe('challenge-password');
  });

  test('a page with a lone bold hex value and no NDES markup is not taken for a challenge page', () => {
    const html = '<html><body><p>Build <b>8CE317021F690069</b></p></body></html>';
    expect(classifyAdminPage(new TextEncoder().encode(html))).toBe('other');
  });

  test('a truncated challenge page (cut before the password) is not mistaken for one', () => {
    const page = f('mscep-admin-password.html');
    const cut = page.subarray(0, decodeText(page).indexOf('The thumbprint') * 2);
    expect(classifyAdminPage(cut)).toBe('other');
  });
});

describe('GetCACaps bodies', () => {
  test('CRLF (NDES) and LF (EJBCA) give the same list; order kept', () => {
    const expected = ['POSTPKIOperation', 'Renewal', 'SHA-512', 'SHA-256', 'SHA-1', 'DES3'];
    expect(parseCaps(f('getcacaps-ndes.txt'))).toEqual(expected);
    expect(parseCaps(f('getcacaps-ejbca.txt'))).toEqual(expected);
  });

  test('an HTML page is not a capability list', () => {
    expect(parseCaps(f('iis-403.html'))).toEqual([]);
  });
});

describe('who refused a long URL', () => {
  test('HTTP.sys 400 and 414, by Server header and body', () => {
    expect(classifyRefusal({ status: 400, headers: { server: 'Microsoft-HTTPAPI/2.0' }, body: f('httpsys-400-request-too-long.html') }).layer).toBe('http-sys');
    // Without the header (a proxy stripped it) the body still tells.
    expect(classifyRefusal({ status: 414, headers: {}, body: f('httpsys-414.html') }).layer).toBe('http-sys');
  });

  test('IIS request filtering: detailed 404.15 (English and Chinese) and the generic remote 404', () => {
    for (const file of ['iis-404.15-detailed.html', 'iis-404.15-detailed-zh-tw.html']) {
      const r = classifyRefusal({ status: 404, headers: { server: 'Microsoft-IIS/10.0' }, body: f(file) });
      expect(r).toMatchObject({ layer: 'iis-request-filtering', code: '404.15' });
    }
    expect(classifyRefusal({ status: 404, headers: { server: 'Microsoft-IIS/10.0' }, body: f('iis-404.html') })).toMatchObject({ code: '404' });
  });

  test('a proxy 414/431 and a dropped connection', () => {
    expect(classifyRefusal({ status: 431, headers: { server: 'nginx/1.22.1' } })).toMatchObject({ layer: 'reverse-proxy', code: '431' });
    expect(classifyRefusal({ errorCode: 'ECONNRESET' })).toMatchObject({ layer: 'connection', code: 'ECONNRESET' });
  });
});

test('NDES information page and IIS sub-statuses', () => {
  expect(isNdesInfoPage(decodeText(f('mscep-ndes-page.html')))).toBe(true);
  expect(isNdesInfoPage(decodeText(f('iis-403.html')))).toBe(false);
  expect(iisSubStatus(404, decodeText(f('iis-404.15-detailed.html')))).toBe('404.15');
  expect(iisSubStatus(404, decodeText(f('iis-404.html')))).toBeUndefined();
  expect(iisSubStatus(403, '<h3>HTTP Error 403.502 - Forbidden</h3>')).toBe('403.502');
  expect(iisSubStatus(403, '<h3>HTTP Error 403.0 - Forbidden</h3>')).toBe('403.0');
  expect(iisSubStatus(403, 'HTTP Error 403.5021')).toBeUndefined();
});

describe('an error page a proxy wrote itself', () => {
  const text = (name: string) => decodeText(new Uint8Array(readFileSync(new URL(`../fixtures/ndes-http/${name}`, import.meta.url))));

  test("names the product in an nginx-style page's footer: Debian nginx's own 403, and Azure Application Gateway's", () => {
    expect(frontErrorPage(text('nginx-403.html'))).toBe('nginx/1.22.1');
    // As public captures of its WAF's answers quote it (the same nginx template, its own name in the footer).
    const appGateway = '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n</body>\r\n</html>\r\n';
    expect(frontErrorPage(appGateway)).toBe('Microsoft-Azure-Application-Gateway/v2');
  });

  test('finds none in the pages IIS, HTTP.sys and NDES write', () => {
    for (const name of ['iis-403.html', 'iis-404.html', 'iis-404.15-detailed.html', 'httpsys-503.html', 'httpsys-414.html', 'mscep-ndes-page.html']) expect([name, frontErrorPage(text(name))]).toEqual([name, undefined]);
    expect(frontErrorPage('')).toBeUndefined();
  });
});

describe("IIS's own error pages", () => {
  const text = (name: string) => decodeText(f(name));

  test('are told by their markup, in any language, generic or detailed', () => {
    for (const name of ['iis-403.html', 'iis-404.html', 'iis-404.15-detailed.html', 'iis-404.15-detailed-zh-tw.html']) expect([name, isIisErrorPage(text(name))]).toEqual([name, true]);
  });

  test('are not what HTTP.sys, NDES, nginx or Apache write', () => {
    for (const name of ['httpsys-503.html', 'httpsys-414.html', 'mscep-ndes-page.html', 'nginx-403.html']) expect([name, isIisErrorPage(text(name))]).toEqual([name, false]);
    const apache = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n';
    expect(isIisErrorPage(apache)).toBe(false);
    expect(isIisErrorPage('')).toBe(false);
  });
});
