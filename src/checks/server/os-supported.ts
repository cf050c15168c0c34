import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { compareVersions } from '../../facts/connector.js';
import { LINKS } from './links.js';

/** Windows Server 2012 R2 is NT 6.3; older servers cannot run the connector. */
const MINIMUM_VERSION = '6.3';

export default defineCheck({
  id: 'NDES-SRV-001',
  slug: 'os-supported',
  area: 'server',
  title: 'Windows Server 2012 R2 or later, with Desktop Experience',
  severity: 'critical',
  requires: ['serverSystem'],
  run({ serverSystem: s }) {
    const actual = `${s.caption || s.productName || 'Windows'} ${s.version}, ProductType ${s.productType}${s.installationType ? `, InstallationType ${s.installationType}` : ''}`;
    const evidence = { expected: `Windows Server ${MINIMUM_VERSION} (2012 R2) or later, InstallationType Server`, actual, source: s.source };
    const docs = LINKS.prerequisites;
    if (s.productType === 1 || s.installationType?.toLowerCase() === 'client') {
      return fail(
        'This is a client edition of Windows; NDES and the Intune Certificate Connector need Windows Server.',
        { text: 'Install NDES and the Certificate Connector for Microsoft Intune on a domain-member Windows Server 2012 R2 or later (2019 or later for strong certificate mapping).', docs },
        evidence,
      );
    }
    if (compareVersions(s.version, MINIMUM_VERSION) < 0) {
      return fail(
        `Windows ${s.version} is older than Windows Server 2012 R2 (${MINIMUM_VERSION}); the connector does not install on it.`,
        { text: 'Move NDES and the connector to Windows Server 2012 R2 or later; Windows Server 2019 or later is needed for strong certificate mapping (KB5014754).', docs },
        evidence,
      );
    }
    if (s.installationType?.toLowerCase() === 'server core') {
      return fail(
        'This is a Server Core installation; the connector needs Desktop Experience for its configuration wizard and Entra ID sign-in.',
        { text: 'Use a Windows Server installation with Desktop Experience. Server Core cannot be converted in place on Windows Server 2016 and later; reinstall or move the role.', docs },
        evidence,
      );
    }
    if (s.installationType === undefined) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `${s.source} has no CurrentVersion\\InstallationType, so Desktop Experience cannot be told from Server Core; the version (${s.version}) is supported.`,
      };
    }
    return pass(`${s.caption || 'Windows Server'} (${s.version}) is supported.`, evidence);
  },
});
