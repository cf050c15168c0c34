import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, warn } from '../../engine/outcome.js';
import { isoDay } from '../../parse/civil-date.js';
import { foundTemplates } from '../template/judge-templates.js';
import { CA_DOCS, findEnrollmentService } from './common.js';

const DAY_MS = 86_400_000;

export default defineCheck({
  id: 'NDES-CA-004',
  slug: 'ca-certificate-outlives-template',
  area: 'ca',
  title: 'The CA certificate stays valid longer than the SCEP certificates it issues',
  severity: 'medium',
  requires: ['ndesCa', 'caDirectory', 'scepTemplates'],
  dependsOn: ['NDES-CA-003', 'NDES-MSCEP-003'],
  run({ ndesCa, caDirectory, scepTemplates }, { now }) {
    if (!ndesCa.configured) return notApplicable('NDES names no CA (see NDES-MSCEP-002).');
    const service = findEnrollmentService(caDirectory.enrollmentServices, ndesCa.host, ndesCa.name);
    const cert = service?.certificates.slice().sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime())[0];
    if (!cert) return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${caDirectory.source} holds no readable CA certificate for ${ndesCa.config}.` };
    const templates = foundTemplates(scepTemplates).flatMap(({ template }) => (template.validity.status === 'ok' ? [{ name: template.name, ...template.validity.value }] : []));
    if (templates.length === 0) return notApplicable('No SCEP template with a readable validity period (see NDES-TPL-006).');
    const longest = templates.reduce((a, b) => (b.days > a.days ? b : a));
    const daysLeft = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
    const evidence = {
      expected: `the CA certificate valid for more than ${longest.days} days (${longest.name}: ${longest.text})`,
      actual: `${cert.subject} valid to ${isoDay(cert.notAfter)} (${daysLeft} days left)`,
      source: `${caDirectory.source}, ${scepTemplates.templatesSource}`,
    };
    if (daysLeft > longest.days) return pass(`The CA certificate is valid for ${daysLeft} more days, longer than the ${longest.text} SCEP certificates it issues.`, evidence);
    const remediation = {
      text: 'Renew the CA certificate (on the CA: certsrv.msc > All Tasks > Renew CA Certificate, or certutil -renewCert), distribute the new CA certificate, and re-enroll the NDES RA certificates afterwards; or shorten the template validity below the remaining CA lifetime.',
      commands: [cmd('certutil -renewCert ReuseKeys'), cmd(`certutil -config "${ndesCa.config}" -ca.cert ca.cer`)],
      docs: CA_DOCS.prerequisites,
    };
    // RFC 5280 4.1.2.5: the validity period runs through notAfter, inclusive.
    if (now > cert.notAfter) return fail(`The CA certificate of ${ndesCa.config} expired on ${isoDay(cert.notAfter)}: the CA cannot issue certificates.`, remediation, evidence);
    // Microsoft's rule binds the profile's validity period (NDES-PRF-017), which may be shorter than the template's:
    // the template alone shows that certificates may be cut short, not that a profile breaks the rule.
    return warn(
      `The CA certificate of ${ndesCa.config} ends in ${daysLeft} days, before the ${longest.text} validity of ${longest.name}: certificates issued now for the template's full period are cut short at the CA certificate's end, and a profile's validity period must stay below the CA certificate's remaining lifetime.`,
      remediation,
      evidence,
    );
  },
});
