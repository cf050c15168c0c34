import { defineCheck } from '../../engine/check.js';
import { cmd, notApplicable, pass, warn } from '../../engine/outcome.js';
import { LINKS } from './links.js';

/** The earliest UTC instant a local calendar day can start (UTC+14). */
function earliestStartOfLocalDay(yyyymmdd: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return undefined;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 14 * 3600_000;
  return Number.isNaN(start) ? undefined : new Date(start);
}

export default defineCheck({
  id: 'NDES-SRV-010',
  slug: 'rebooted-after-connector-install',
  area: 'server',
  title: 'Server restarted after the connector was installed',
  severity: 'medium',
  requires: ['serverSystem', 'connectorInstall'],
  run({ serverSystem, connectorInstall }) {
    const product = connectorInstall.current ?? connectorInstall.legacy[0];
    if (!product) return notApplicable('No Intune certificate connector is installed.');
    const installed = product.installDate ? earliestStartOfLocalDay(product.installDate) : undefined;
    const boot = serverSystem.lastBootUpTime;
    if (!installed || !boot) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `Could not compare: ${!installed ? `InstallDate "${product.installDate ?? ''}" of ${product.displayName} is not yyyymmdd` : 'LastBootUpTime is missing or unreadable in ' + serverSystem.source}.`,
      };
    }
    const evidence = {
      expected: `last boot after the install date ${product.installDate}`,
      actual: `last boot ${boot.toISOString()}`,
      source: `${product.key}\\InstallDate; ${serverSystem.source}`,
    };
    if (boot >= installed) return pass(`The server last started ${boot.toISOString()}, on or after the connector install date ${product.installDate}.`, evidence);
    return warn(
      `The server has not restarted since ${product.displayName} was installed on ${product.installDate} (last boot ${boot.toISOString()}).`,
      {
        text: 'Restart the server once after installing the connector and changing NDES/HTTP.sys registry values; iisreset does not apply them.',
        commands: [cmd('shutdown /r /t 0')],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
