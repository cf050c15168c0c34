import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertStoreParseError, parseCertStoreJson, type StoreCert } from '../../src/parse/cert-store.js';
import { OID } from '../../src/parse/x509.js';
import { decodeText } from '../../src/parse/text.js';

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/certs/${name}`, import.meta.url)));
const store = (name: string) => parseCertStoreJson(decodeText(bytes(name)));
const ok = (certs: StoreCert[]) => certs.flatMap((c) => (c.status === 'ok' ? [c] : []));
const bySubject = (certs: StoreCert[], subject: string) => ok(certs).filter((c) => c.cert.subject === subject);

describe('parseCertStoreJson', () => {
  it('reads the Windows PowerShell 5.1 array (BOM, CRLF) and every field the checks use', () => {
    const raw = bytes('my-healthy.json');
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const certs = store('my-healthy.json');
    expect(certs).toHaveLength(5);
    const [tls] = bySubject(certs, 'CN=ndes01.contoso.com');
    expect(tls).toBeDefined();
    const json = JSON.parse(decodeText(raw)) as { Thumbprint: string; RawData: string }[];
    const der = Buffer.from(json[0]!.RawData, 'base64');
    // The thumbprint PowerShell lists is the SHA-1 of the DER, and the parser computes the same.
    expect(tls!.thumbprint).toBe(json[0]!.Thumbprint);
    expect(tls!.cert.thumbprint).toBe(createHash('sha1').update(der).digest('hex').toUpperCase());
    expect(tls!.hasPrivateKey).toBe(true);
    expect(tls!.cert).toMatchObject({
      issuer: 'CN=Contoso Issuing CA 01, DC=contoso, DC=com',
      commonNames: ['ndes01.contoso.com'],
      dnsNames: ['ndes01.contoso.com', 'ndes.contoso.com'],
      ekus: [OID.serverAuth],
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      key: { type: 'RSA', bits: 2048 },
      signatureAlgorithm: { oid: '1.2.840.113549.1.1.11', name: 'sha256WithRSAEncryption' },
      selfIssued: false,
      isCA: false,
    });
    expect(tls!.cert.notBefore.toISOString()).toBe('2026-01-05T10:00:00.000Z');
    expect(tls!.cert.notAfter.toISOString()).toBe('2028-01-05T10:00:00.000Z');
    expect(tls!.cert.template).toBeUndefined();
  });

  it('reads the V1 template name (BMPString) of the NDES RA certificates', () => {
    const ra = bySubject(store('my-healthy.json'), 'CN=NDES01-MSCEP-RA, O=Contoso, L=Redmond, S=WA, C=US');
    expect(ra.map((c) => [c.cert.template?.name, c.cert.keyUsage])).toEqual([
      ['EnrollmentAgentOffline', ['digitalSignature']],
      ['CEPEncryption', ['keyEncipherment']],
    ]);
    expect(ra[0]!.cert.ekus).toEqual([OID.certificateRequestAgent]);
    // As Windows writes it (and openssl wrote the fixture): BMPString, UCS-2 big-endian, two bytes a character.
    expect(Buffer.from(ra[1]!.cert.x509.raw).includes(Buffer.from('1e1a0043004500500045006e006300720079007000740069006f006e', 'hex'))).toBe(true);
  });

  it('reads the V2 template information (OID and versions) when there is no name', () => {
    const [v2] = bySubject(store('my-varied.json'), 'CN=NDES03-RA, O=Contoso');
    expect(v2!.cert.template).toEqual({
      oid: '1.3.6.1.4.1.311.21.8.8155398.9341322.1257745.1503325.15463016.167.13488416.5601011.1',
      majorVersion: 100,
      minorVersion: 4,
    });
  });

  it('reports an EC key by its curve instead of failing like node-forge certificateFromAsn1', () => {
    const [ec] = bySubject(store('my-varied.json'), 'CN=ndes-ec.contoso.com');
    expect(ec!.cert.key).toEqual({ type: 'EC', curve: 'P-256' });
    expect(ec!.cert.dnsNames).toEqual(['ndes-ec.contoso.com']);
  });

  it('flags a self-signed 1024-bit certificate and keeps HasPrivateKey false', () => {
    const [self] = bySubject(store('my-varied.json'), 'CN=ndes03.contoso.com');
    expect(self).toMatchObject({ hasPrivateKey: false, cert: { selfIssued: true, key: { type: 'RSA', bits: 1024 } } });
  });

  it('keeps an entry whose HasPrivateKey is missing or not true/false as unreadable, not as a certificate without its key', () => {
    const { HasPrivateKey: _, ...without } = JSON.parse(decodeText(bytes('my-single-object.json'))) as Record<string, unknown>;
    const read = (e: object) => parseCertStoreJson(JSON.stringify([e]))[0];
    expect(read(without)).toEqual({ thumbprint: without['Thumbprint'], status: 'unreadable', reason: 'HasPrivateKey is missing; the collector always writes true or false' });
    expect(read({ ...without, HasPrivateKey: null })).toMatchObject({ status: 'unreadable', reason: 'HasPrivateKey is null; the collector always writes true or false' });
    expect(read({ ...without, HasPrivateKey: 'True' })).toMatchObject({ status: 'unreadable', reason: 'HasPrivateKey is "True"; the collector always writes true or false' });
    expect(read({ ...without, HasPrivateKey: false })).toMatchObject({ status: 'ok', hasPrivateKey: false });
    expect(read({ ...without, hasprivatekey: true })).toMatchObject({ status: 'ok', hasPrivateKey: true });
  });

  it('keeps damaged entries as unreadable instead of failing the store', () => {
    const bad = store('my-varied.json').filter((c) => c.status === 'unreadable');
    expect(bad).toHaveLength(2);
    // The sixth entry's base64 is the first 300 bytes of an 908-byte certificate.
    expect(bad[0]).toMatchObject({ status: 'unreadable', reason: 'RawData is cut short: its DER declares 908 bytes but holds 300' });
    expect(bad[1]).toMatchObject({ thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567', reason: 'rawData is missing or not base64' });
  });

  it('reads the broken store: SHA-1 signature, no SAN', () => {
    const [tls] = bySubject(store('my-broken.json'), 'CN=NDES02');
    expect(tls!.cert.signatureAlgorithm.name).toBe('sha1WithRSAEncryption');
    expect(tls!.cert.dnsNames).toEqual([]);
  });

  it('tells roots, intermediates and a cross-signed root copy apart', () => {
    const root = ok(store('root-healthy.json'));
    const contoso = root.filter((c) => c.cert.subject === 'CN=Contoso Root CA, DC=contoso, DC=com');
    expect(contoso.map((c) => c.cert.selfIssued)).toEqual([true, false]);
    // Same key under both: the second one is a cross-certificate of the same root.
    expect(contoso[0]!.cert.publicKeyHash).toBe(contoso[1]!.cert.publicKeyHash);
    expect(contoso[0]!.cert.isCA).toBe(true);
    const [issuing] = bySubject(store('root-broken.json'), 'CN=Contoso Issuing CA 01, DC=contoso, DC=com');
    expect(issuing!.cert).toMatchObject({ selfIssued: false, isCA: true, issuer: 'CN=Contoso Root CA, DC=contoso, DC=com' });
  });

  it('accepts the other shapes ConvertTo-Json writes: a bare object, { value, Count }', () => {
    expect(store('my-single-object.json').map((c) => c.status === 'ok' && c.cert.subject)).toEqual(['CN=ndes01.contoso.com']);
    expect(store('my-value-count.json').map((c) => c.status === 'ok' && c.cert.template?.name)).toEqual(['EnrollmentAgentOffline', 'CEPEncryption']);
  });

  it('reads an array an entry at a time exactly as it reads the same entries at once', () => {
    for (const name of ['my-healthy.json', 'my-varied.json', 'my-broken.json', 'root-healthy.json']) {
      const text = decodeText(bytes(name));
      // { value, Count } is read at once: its entries are not the elements of an array.
      const atOnce = parseCertStoreJson(`{ "value": ${text}, "Count": 1 }`);
      expect(parseCertStoreJson(text), name).toEqual(atOnce);
      expect(atOnce.length, name).toBeGreaterThan(1);
    }
  });

  it('reports a malformed entry and one that is no certificate as it does for the whole file', () => {
    const text = decodeText(bytes('my-healthy.json'));
    const broken = text.replace('"HasPrivateKey":  true', '"HasPrivateKey":  tru');
    expect(broken).not.toBe(text);
    expect(() => parseCertStoreJson(broken)).toThrow(CertStoreParseError);
    expect(() => parseCertStoreJson(broken)).toThrow(/^not the JSON the collector writes \(Unexpected .*tru.*\); it starts with: \[$/s);
    expect(() => parseCertStoreJson(text.replace(/\]\s*$/, ', { "Name": "My" }]'))).toThrow('entry 6 is not a certificate (no Thumbprint, no RawData): an object with Name');
  });

  it('reads [] as an empty store and refuses empty output: the collector writes [] (-InputObject @(...)) for an empty store', () => {
    expect(parseCertStoreJson('[]')).toEqual([]);
    expect(parseCertStoreJson('\uFEFF[]\r\n')).toEqual([]);
    for (const empty of ['', '\r\n', '\uFEFF']) expect(() => parseCertStoreJson(empty)).toThrow(/the file is empty; the collector writes \[\] for an empty store/);
  });

  it('names what it found when PowerShell printed an error instead of JSON', () => {
    const text = "Get-ChildItem : Cannot find drive. A drive with the name 'Cert' does not exist.\r\nAt line:1 char:1";
    expect(() => parseCertStoreJson(text)).toThrow(CertStoreParseError);
    expect(() => parseCertStoreJson(text)).toThrow(/it starts with: Get-ChildItem : Cannot find drive/);
    // Read with its line ends as written (decodeText 'as-written'), the first line ends before its CR.
    expect(() => parseCertStoreJson('Access is denied.\r\nAt line:1 char:1')).toThrow(/it starts with: Access is denied\.$/);
    expect(() => parseCertStoreJson('42')).toThrow(/expected a JSON array of certificates/);
  });
});
