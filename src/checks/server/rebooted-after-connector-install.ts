import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass } from '../../engine/outcome.js';

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
  title: 'Last restart compared with the connector install (reported, not judged)',
  severity: 'info',
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
      expected: `informational: Microsoft's install guide requires no restart after the install date ${product.installDate}`,
      actual: `last boot ${boot.toISOString()}`,
      source: `${product.key}\\InstallDate; ${serverSystem.source}`,
    };
    if (boot >= installed) return pass(`The server last started ${boot.toISOString()}, on or after the connector install date ${product.installDate}.`, evidence);
    // Microsoft's install guide ends with the connector ready after its wizard, and every auto-update writes a new
    // install date: a restart since then is not required, so it is reported, not judged. A policy module that IIS has
    // not loaded shows as an HTTP 200 from mscep.dll, which NDES-NET-001 probes.
    return pass(
      `The server has not restarted since ${product.displayName} was installed or updated on ${product.installDate} (last boot ${boot.toISOString()}). ` +
        'Microsoft does not ask for a restart after installing the connector. If mscep.dll answers with the NDES page instead of HTTP 403, see NDES-NET-001.',
      evidence,
    );
  },
});
