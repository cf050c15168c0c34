import { MSCEP_KEY } from '../collect/windows/mscep-artifacts.js';
import { parseCertutilCaType, parseCertutilPing, type CaTypeResult, type PingResult } from '../parse/certutil-ca.js';
import { parseCaSecurity } from '../parse/ca-security.js';
import { parseCertutilVerify, type CertVerification } from '../parse/certutil-verify.js';
import { parseRaKeyFiles, type RaKeyFile } from '../parse/key-acl.js';
import { parsePsJson, psArray, psObject, psString } from '../parse/powershell-json.js';
import { describeCertificate, type CertInfo } from '../parse/x509.js';
import { defineFact, FactError } from './fact.js';
import { readRegistryTree, stringValue, subkey } from './registry-tree.js';
import { textFact } from './rights.js';

export interface EnrollmentService {
  /** The CA name (cn), as in `host\name`. */
  name: string;
  /** The CA's host (dNSHostName); '' when its AD object has none. */
  dnsHostName: string;
  /** The CA certificates published with it; unreadable ones are left out. */
  certificates: CertInfo[];
}

export interface CaDirectoryFact {
  forestRootDomain: string;
  enrollmentServices: EnrollmentService[];
  source: string;
}

/** The CA NDES submits to, from MSCEP\CAInfo `Configuration` (`CAHost\CA Name`). */
export type NdesCaFact = { configured: true; config: string; host: string; name: string; source: string } | { configured: false; source: string };

export function parseEnrollmentServices(text: string): Omit<CaDirectoryFact, 'source'> {
  const root = psObject(parsePsJson(text), 'enrollment services');
  const forestRootDomain = psString(root.ForestRootDomain);
  if (!forestRootDomain) throw new FactError('E_FACT_MALFORMED', 'no ForestRootDomain: the RootDSE of this forest could not be read');
  // The collector writes the list ([] for a forest without Enterprise CAs) and each entry's DnsHostName ('' when AD has
  // none): without them the file is damaged or hand-made, and reading "no CA" or "no host" would fail NDES-CA-003.
  if (root.EnrollmentServices === undefined || root.EnrollmentServices === null) {
    throw new FactError('E_FACT_MALFORMED', 'no EnrollmentServices list; the collector writes one ([] when the forest has no Enterprise CA), so the file is damaged or was not written by it');
  }
  const enrollmentServices = psArray(root.EnrollmentServices).map((item, i) => {
    const o = psObject(item, `enrollment service ${i + 1}`);
    const name = psString(o.Name);
    if (!name) throw new FactError('E_FACT_MALFORMED', `enrollment service ${i + 1} has no Name`);
    const dnsHostName = psString(o.DnsHostName);
    if (dnsHostName === undefined) {
      throw new FactError('E_FACT_MALFORMED', `enrollment service ${i + 1} (${name}) has no DnsHostName; the collector writes one ('' when AD has none), so the file is damaged or was not written by it`);
    }
    const certificates = psArray(o.CACertificates).flatMap((b64) => {
      try {
        return [describeCertificate(Buffer.from(psString(b64) ?? '', 'base64'))];
      } catch {
        return [];
      }
    });
    return { name, dnsHostName, certificates };
  });
  return { forestRootDomain, enrollmentServices };
}

export const caFacts = {
  ndesCa: defineFact({
    artifacts: ['registry.mscep'],
    derive(read): NdesCaFact {
      const tree = readRegistryTree(read('registry.mscep'), MSCEP_KEY);
      const config = stringValue(subkey(tree, 'CAInfo'), 'Configuration')?.trim();
      const [host, ...rest] = config?.split('\\') ?? [];
      if (!config || !host || rest.length === 0) return { configured: false, source: tree.source };
      return { configured: true, config, host, name: rest.join('\\'), source: tree.source };
    },
  }),
  caPing: textFact('ca.ping', (text): { result: PingResult } => ({ result: parseCertutilPing(text) })),
  caType: textFact('ca.type', (text): { result: CaTypeResult } => ({ result: parseCertutilCaType(text) })),
  caDirectory: textFact('ca.enrollment-services', parseEnrollmentServices),
  certVerifications: textFact('certutil.verify', (text): { runs: CertVerification[] } => ({ runs: parseCertutilVerify(text) })),
  raKeyFiles: textFact('mscep.ra-keys', (text): { keys: RaKeyFile[] } => ({ keys: parseRaKeyFiles(text) })),
  caSecurity: textFact('ca.security', (text) => ({ security: parseCaSecurity(text) })),
};
