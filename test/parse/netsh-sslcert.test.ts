import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IIS_APP_ID, NetshParseError, parseNetshSslcert } from '../../src/parse/netsh-sslcert.js';
import { decodeText } from '../../src/parse/text.js';

const fixture = (name: string, codePage?: number) =>
  decodeText(new Uint8Array(readFileSync(new URL(`../fixtures/netsh-sslcert/${name}`, import.meta.url))), codePage);

describe('parseNetshSslcert', () => {
  it('reads a recent full entry and ignores the Extended Properties sub-blocks (formats.md 3A)', () => {
    expect(parseNetshSslcert(fixture('full-extended.txt'))).toEqual([
      {
        endpoint: { kind: 'ip', ip: '0.0.0.0', port: 44307 },
        key: '0.0.0.0:44307',
        certHash: '61D34F532DA121BBAB64723C4871E72C92F03735',
        appId: '{214124cd-d05b-4309-9af9-9caa44b2b74a}',
        storeName: 'MY',
      },
    ]);
  });

  it('skips the echoed command and the header, and keeps the IIS application id (3B)', () => {
    const [b, ...rest] = parseNetshSslcert(fixture('iis-header.txt'));
    expect(rest).toEqual([]);
    expect(b).toMatchObject({ key: '0.0.0.0:443', certHash: '2ACE368A90D2117BE7A0065DFE259B2E8C94F538', appId: IIS_APP_ID, storeName: 'My' });
  });

  it('reads SNI, IPv6 and central-certificate-store entries, whatever their indent', () => {
    const bindings = parseNetshSslcert(fixture('sni-ipv6-ccs.txt'));
    expect(bindings.map((b) => b.endpoint)).toEqual([
      { kind: 'hostname', hostname: 'sts.contoso.com', port: 49443 },
      { kind: 'ip', ip: '[::]', port: 443 },
      { kind: 'ccs', port: 443 },
    ]);
    expect(bindings[0]!.certHash).toBe('47B90E1E818BA8CF431D404FFF232F1BA17BF078');
    expect(bindings[1]!.storeName).toBe('WebHosting');
    // The central store has no per-binding hash: "(null)" is not one.
    expect(bindings[2]!.certHash).toBeUndefined();
    expect(bindings[2]!.storeName).toBe('(null)');
  });

  it('reads German output in the OEM code page by value shape, not by label', () => {
    const text = fixture('de-cp850.txt', 850);
    expect(text).toContain('Sperrung des Clientzertifikats überprüfen');
    expect(parseNetshSslcert(text)).toEqual([
      {
        endpoint: { kind: 'ip', ip: '0.0.0.0', port: 443 },
        key: '0.0.0.0:443',
        certHash: '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B',
        appId: IIS_APP_ID,
        storeName: 'My',
      },
      {
        endpoint: { kind: 'hostname', hostname: 'ndes.contoso.com', port: 443 },
        key: 'ndes.contoso.com:443',
        certHash: '3C1BD2F14E5A8B9C0D7E6F5A4B3C2D1E0F9A8B7C',
        appId: IIS_APP_ID,
        storeName: 'My',
      },
    ]);
  });

  it('ignores the French header that has a space before its colon', () => {
    const bindings = parseNetshSslcert(fixture('fr-cp850.txt', 850));
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ key: '0.0.0.0:443', certHash: '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B', storeName: 'My' });
  });

  it('refuses output cut short, which may have lost later bindings, instead of reading what is left', () => {
    expect(() => parseNetshSslcert(fixture('truncated.txt'))).toThrow(/ends in the middle of a line \("Certificate Ha"\); it looks cut short/);
    // Cut at a line break, inside an entry: the binding has no hash.
    const atLineBreak = fixture('truncated.txt').replace(/ {4}Certificate Ha$/, '');
    expect(() => parseNetshSslcert(atLineBreak)).toThrow(/the binding 0\.0\.0\.0:8443 has no certificate hash; the output looks cut short/);
  });

  it('returns no bindings for the header alone (its title in any language) and the not-found message', () => {
    expect(parseNetshSslcert(fixture('no-bindings.txt'))).toEqual([]);
    expect(parseNetshSslcert('\r\nSSL-Zertifikatbindungen:\r\n-------------------------\r\n\r\n')).toEqual([]);
    expect(parseNetshSslcert(fixture('not-found.txt'))).toEqual([]);
  });

  it('refuses empty output and other text instead of reading them as "no binding"', () => {
    expect(() => parseNetshSslcert('')).toThrow(/the output is empty; netsh prints its "SSL Certificate bindings:" header even when there is no binding/);
    expect(() => parseNetshSslcert('\r\n\r\n')).toThrow(/the output is empty/);
    expect(() => parseNetshSslcert('[\r\n    {\r\n        "Name":  "W3SVC"\r\n    }\r\n]\r\n')).toThrow(
      /no binding and no "SSL Certificate bindings:" header; this is not netsh http show sslcert output \(it starts with: \[\)/,
    );
    // Four dashes are a rule in some other text, not netsh's underline.
    expect(() => parseNetshSslcert('Title\r\n----\r\n')).toThrow(NetshParseError);
    expect(parseNetshSslcert('Title\r\n-----\r\n')).toEqual([]);
  });

  it('rejects output that has certificate hashes but no endpoint it understands', () => {
    expect(() => parseNetshSslcert(fixture('hash-without-endpoint.txt'))).toThrow(NetshParseError);
  });
});
