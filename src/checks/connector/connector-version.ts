import { defineCheck } from '../../engine/check.js';
import { pass, powershell, warn } from '../../engine/outcome.js';
import { compareVersions } from '../../facts/connector.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from './current.js';

/**
 * 6.2510.3.2002 (18 Feb 2026) is the mandatory update that added the SCEP extension allow-list;
 * Microsoft's version history says older connectors must be updated to keep issuing.
 */
export const MINIMUM_CONNECTOR_VERSION = '6.2510.3.2002';

export default defineCheck({
  id: 'NDES-CON-002',
  slug: 'connector-version',
  area: 'connector',
  title: `Connector version is ${MINIMUM_CONNECTOR_VERSION} or later`,
  severity: 'medium',
  requires: ['connectorInstall'],
  run({ connectorInstall }) {
    const product = connectorInstall.current;
    if (!product) return noCurrentConnector();
    const version = product.displayVersion?.trim() ?? '';
    const evidence = { expected: `${MINIMUM_CONNECTOR_VERSION} or later`, actual: version || 'DisplayVersion absent', source: `${product.key}\\DisplayVersion` };
    if (!/^\d+(\.\d+){1,3}$/.test(version)) {
      return {
        status: 'error',
        errorCode: version ? 'E_FACT_MALFORMED' : 'E_FACT_UNAVAILABLE',
        message: version
          ? `The connector's DisplayVersion "${version}" is not a version number, so it cannot be compared with ${MINIMUM_CONNECTOR_VERSION}; the Intune admin center shows the version (Tenant administration > Connectors and tokens > Certificate connectors).`
          : `The connector registers no DisplayVersion, so its version cannot be compared with ${MINIMUM_CONNECTOR_VERSION}; the Intune admin center shows it (Tenant administration > Connectors and tokens > Certificate connectors).`,
        evidence,
      };
    }
    if (compareVersions(version, MINIMUM_CONNECTOR_VERSION) >= 0) return pass(`Connector version ${version} is current enough.`, evidence);
    return warn(
      `Connector version ${version} is older than ${MINIMUM_CONNECTOR_VERSION}, the mandatory update for SCEP; older connectors may stop issuing.`,
      {
        text:
          'The connector updates itself through autoupdate.msappproxy.net:443; a connector that stays behind usually has no outbound access to it. ' +
          'Allow that access, or download the current IntuneCertificateConnector.exe from the Intune admin center and run it to upgrade in place.',
        commands: [powershell('Test-NetConnection autoupdate.msappproxy.net -Port 443')],
        docs: LINKS.connectorOverview,
      },
      evidence,
    );
  },
});
