import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/server-auth-eku.js';
import { tlsFacts } from '../../../src/facts/tls.js';
import { issue } from '../../helpers/network/pki.js';
import { binding, boundTo, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';

/** A LocalMachine\My dump (the collector's JSON shape) holding one certificate made by the openssl CLI with `ext`. */
function opensslStore(ext: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-eku-'));
  try {
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.der'), '-outform', 'DER', '-days', '30', '-subj', '/CN=ndes01.contoso.com'];
    execFileSync('openssl', [...args, ...ext.flatMap((e) => ['-addext', e])], { stdio: ['ignore', 'ignore', 'pipe'] });
    const der = readFileSync(join(dir, 'c.der'));
    const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
    const json = JSON.stringify([{ Thumbprint: thumbprint, HasPrivateKey: true, RawData: der.toString('base64') }]);
    const certStoreMy = tlsFacts.certStoreMy.derive(() => ({ status: 'ok', file: 'certs/localmachine-my.json', bytes: new TextEncoder().encode(json), codePage: 437 }));
    return { thumbprint, certStoreMy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const my = store('my-healthy.json');
const facts = (hash: string) => ({ iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', hash]]), certStoreMy: my });

describe('NDES-TLS-003 tls-server-auth-eku', () => {
  it('passes with the Server Authentication EKU', async () => {
    const o = await run(check, facts(thumbprintOf(my, 'CN=ndes01.contoso.com')));
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('EKU 1.3.6.1.5.5.7.3.1');
  });

  it('fails a Client Authentication-only certificate, listing its EKUs', async () => {
    const o = await run(check, facts(thumbprintOf(my, 'CN=NDES01$')));
    expect(o.status).toBe('fail');
    expect(o.evidence?.actual).toContain('EKU 1.3.6.1.5.5.7.3.2');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.[0]?.text).toMatch(/^Get-Certificate -Template WebServer/);
  });

  // Apple (HT210176): TLS certificates issued from 1 July 2019 need id-kp-serverAuth; Microsoft's server template has it.
  it('warns on a certificate with no EKU extension or with anyExtendedKeyUsage alone, and passes once Server Authentication is named', async () => {
    const bound = (ext: string[]) => {
      const { thumbprint, certStoreMy } = opensslStore(ext);
      return run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', thumbprint]]), certStoreMy });
    };
    expect(await bound([])).toMatchObject({ status: 'warn', severity: 'medium', evidence: { actual: expect.stringContaining('no EKU extension') } });
    expect(await bound(['extendedKeyUsage=anyExtendedKeyUsage'])).toMatchObject({ status: 'warn', evidence: { actual: expect.stringContaining('EKU 2.5.29.37.0') } });
    expect((await bound(['extendedKeyUsage=anyExtendedKeyUsage,serverAuth'])).status).toBe('pass');
    expect((await bound(['extendedKeyUsage=clientAuth'])).status).toBe('fail');
  });

  it("Apple's rule covers certificates issued from 1 July 2019 on: one without an EKU issued the second before passes", async () => {
    const noEku = (notBefore: string) => boundTo(issue({ cn: 'ndes01.contoso.com', eku: [], notBefore: new Date(notBefore), notAfter: new Date('2030-01-01T00:00:00Z') }));
    expect(await run(check, noEku('2019-06-30T23:59:59Z'))).toMatchObject({ status: 'pass', evidence: { actual: expect.stringContaining('no EKU extension') } });
    expect(await run(check, noEku('2019-07-01T00:00:00Z'))).toMatchObject({ status: 'warn', severity: 'medium' });
  });

  it('skips as not applicable when nothing is bound (NDES-TLS-002 reports that)', async () => {
    const o = await run(check, facts('ffffffffffffffffffffffffffffffffffffffff'));
    expect(o).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
