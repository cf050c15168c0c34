import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass } from '../../engine/outcome.js';
import { canRead } from '../../parse/key-acl.js';
import { poolPrincipal, sidLabel } from '../account/pool-principal.js';
import { DOCS } from '../tls/binding.js';
import { raThumbprintsInUse, unknownRaUse, unreadableAmong } from '../tls/ra-certificates.js';

/** HRESULT of E_ACCESSDENIED, as .NET reports it: signed, or as the unsigned value. */
const isAccessDenied = (hresult: number | undefined) => hresult !== undefined && hresult >>> 0 === 0x80070005;

export default defineCheck({
  id: 'NDES-MSCEP-004',
  slug: 'ra-private-key-readable',
  area: 'mscep',
  title: 'The SCEP pool can read the private keys of the RA certificates',
  severity: 'critical',
  requires: ['iisConfig', 'raKeyFiles', 'certStoreMy', 'adAccounts', 'usersGroup', 'administratorsGroup'],
  run({ iisConfig, raKeyFiles, certStoreMy, adAccounts, usersGroup, administratorsGroup }, { now }) {
    if (raKeyFiles.keys.length === 0) {
      return notApplicable('No certificate in LocalMachine\\My has the Certificate Request Agent EKU and a private key; NDES-TLS-010 reports the missing RA certificates.');
    }
    // Only the keys of the certificates NDES takes: a renewal leaves the old ones, often readable by a former account only.
    const inUse = raThumbprintsInUse(certStoreMy.certs, now);
    const keys = raKeyFiles.keys.filter((k) => inUse.has(k.thumbprint.toUpperCase()));
    const left = raKeyFiles.keys.filter((k) => !inUse.has(k.thumbprint.toUpperCase())).map((k) => k.thumbprint);
    const unknown = unreadableAmong(certStoreMy.certs, left);
    if (unknown.length) {
      return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: unknownRaUse(`the Certificate Request Agent keys ${left.join(', ')}`, unknown, certStoreMy.source) };
    }
    if (keys.length === 0) {
      return notApplicable(`None of the Certificate Request Agent keys (${left.join(', ')}) belongs to a certificate NDES uses as its RA signing or encryption certificate; NDES-TLS-010 reports the RA certificates.`);
    }
    const unreadable = keys.filter((k) => k.error || !k.acl);
    if (unreadable.length) {
      const k = unreadable[0]!;
      return {
        status: 'error',
        errorCode: isAccessDenied(k.error?.hresult) ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE',
        message: `The key file of RA certificate ${k.thumbprint} could not be examined${k.file ? ` (${k.file})` : ''}: ${k.error?.message ?? 'no ACL was recorded'}`,
      };
    }
    const found = poolPrincipal(iisConfig, adAccounts, { users: usersGroup, administrators: administratorsGroup });
    if ('outcome' in found) return found.outcome;
    const p = found.principal;
    const results = keys.map((k) => ({ key: k, access: canRead(k.acl!, p.runtime) }));
    const describe = (r: (typeof results)[number]) =>
      `${r.key.thumbprint} (${r.key.file}): ${r.access.allowed ? `readable through ${sidLabel(r.access.by!, p)}` : r.access.deniedBy ? `denied to ${sidLabel(r.access.deniedBy, p)}` : 'no ACE grants read'}`;
    const evidence = {
      expected: `an allow ACE with read access for ${p.label} (${p.sid}) or a group in its worker process token, and no deny`,
      actual: results.map(describe).join('; '),
      source: raKeyFiles.source,
      codes: ['500', 'Event 2', 'Event 10'],
      details: { token: [...p.runtime], ...(left.length && { notJudged: left.map((t) => `${t}: not the RA certificate NDES uses (superseded, or another Enrollment Agent template)`) }) },
    };
    const blocked = results.filter((r) => !r.access.allowed);
    if (blocked.length === 0) return pass(`${p.label} can read the private key of each RA certificate.`, evidence);
    return fail(
      `${p.label} cannot read the private key of RA certificate${blocked.length > 1 ? 's' : ''} ${blocked.map((r) => r.key.thumbprint).join(', ')}: NDES cannot start (events 2 and 10, "The parameter is incorrect") and answers HTTP 500.`,
      {
        text: `Give ${p.label} Read on each RA private key: Certificates (Local Computer) > Personal > the certificate > All Tasks > Manage Private Keys > Add, Read. Or with icacls on the key file, then iisreset.`,
        commands: [...blocked.map((r) => cmd(`icacls "${r.key.file}" /grant "${p.label}:R"`)), cmd('iisreset')],
        docs: DOCS.deviceToNdes,
      },
      evidence,
    );
  },
});
