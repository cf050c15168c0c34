import { readFileSync } from 'node:fs';
import type { RawArtifact } from '../../../src/collect/manifest.js';
import type { AnyCheck, CheckContext } from '../../../src/engine/check.js';
import type { Outcome } from '../../../src/engine/types.js';
import type { IisBinding, IisConfigFact } from '../../../src/facts/iis-types.js';
import { tlsFacts, type CertStoreFact, type SslBindingsFact } from '../../../src/facts/tls.js';
import { parseNetshSslcert } from '../../../src/parse/netsh-sslcert.js';
import type { Issued } from '../../helpers/network/pki.js';

export const NOW = new Date('2026-11-22T00:00:00Z');
export const ctx: CheckContext = { now: NOW, options: {} };

/** A store fact derived the way the runner derives it, from the bytes of a fixture dump. */
export function store(name: string, which: 'My' | 'Root' = 'My'): CertStoreFact {
  const bytes = new Uint8Array(readFileSync(new URL(`../../fixtures/certs/${name}`, import.meta.url)));
  const raw: RawArtifact = { status: 'ok', file: `certs/localmachine-${which.toLowerCase()}.json`, bytes, codePage: 437 };
  return (which === 'My' ? tlsFacts.certStoreMy : tlsFacts.certStoreRoot).derive(() => raw);
}

/** The thumbprint of the first certificate in a store whose subject starts with `cn`. */
export function thumbprintOf(s: CertStoreFact, subjectPrefix: string): string {
  const c = s.certs.find((x) => x.status === 'ok' && x.cert.subject.startsWith(subjectPrefix));
  if (!c) throw new Error(`no ${subjectPrefix} in ${s.source}`);
  return c.thumbprint;
}

/** netsh output (CRLF, the Server 2022 layout) with one IIS entry per endpoint. */
export function netsh(entries: [endpoint: string, hash: string, store?: string][]): SslBindingsFact {
  const label = (e: string) => (/^[\d.[]/.test(e) ? 'IP:port                 ' : 'Hostname:port           ');
  const text = [
    '',
    'SSL Certificate bindings:',
    '-------------------------',
    '',
    ...entries.flatMap(([endpoint, hash, store = 'My']) => [
      `    ${label(endpoint)}     : ${endpoint}`,
      `    Certificate Hash             : ${hash.toLowerCase()}`,
      '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
      `    Certificate Store Name       : ${store}`,
      '    Verify Client Certificate Revocation : Enabled',
      '',
    ]),
  ].join('\r\n');
  return { bindings: parseNetshSslcert(text), source: 'tls/netsh-sslcert.txt' };
}

export function binding(info: string, sslFlags = 0): IisBinding {
  const [, ip = '*', port = '443', host = ''] = /^(.*):(\d+):(.*)$/.exec(info) ?? [];
  return { protocol: 'https', bindingInformation: info, ip, port: Number(port), host, sslFlags };
}

/** Default Web Site hosting /CertSrv/mscep, with http on 80 and the given https bindings. */
export function iis(https: IisBinding[]): IisConfigFact {
  return {
    sites: [
      {
        name: 'Default Web Site',
        id: '1',
        bindings: [{ protocol: 'http', bindingInformation: '*:80:', ip: '*', port: 80, host: '', sslFlags: 0 }, ...https],
        applications: [
          { path: '/', applicationPool: 'DefaultAppPool', virtualDirectories: [{ path: '/', physicalPath: '%SystemDrive%\\inetpub\\wwwroot', allowSubDirConfig: true }] },
          { path: '/CertSrv/mscep', applicationPool: 'SCEP', virtualDirectories: [{ path: '/', physicalPath: 'C:\\Windows\\system32\\CertSrv\\mscep', allowSubDirConfig: true }] },
        ],
      },
    ],
    appPools: [],
    source: 'iis/applicationHost.config',
  };
}

export async function run(check: AnyCheck, facts: Record<string, unknown>, context: CheckContext = ctx): Promise<Outcome> {
  return check.run(facts as never, context);
}

/** The facts of a server whose only https binding serves `cert` (made by the openssl CLI), as LocalMachine\\My holds it. */
export function boundTo(cert: Issued) {
  const entry = { Thumbprint: 'unused', HasPrivateKey: true, RawData: Buffer.from(cert.der).toString('base64') };
  const raw: RawArtifact = { status: 'ok', file: 'certs/localmachine-my.json', bytes: Buffer.from(`\uFEFF${JSON.stringify([entry], null, 4)}\r\n`) };
  const my = tlsFacts.certStoreMy.derive(() => raw);
  const c = my.certs[0]!;
  if (c.status !== 'ok') throw new Error('fixture');
  return { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', c.cert.thumbprint]]), certStoreMy: my };
}
