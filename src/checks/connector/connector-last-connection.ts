import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import type { RegistryValue } from '../../parse/registry.js';
import { formatRegistryValue } from '../../parse/registry.js';
import { LINKS } from '../server/links.js';

const MAX_AGE_HOURS = 24;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/**
 * The connector's LastConnectionTime as an instant. Builds write it as a FILETIME number or as
 * a date string; only unambiguous string forms are accepted (ISO 8601, invariant M/d/yyyy with
 * a 4-digit year, and d.M.yyyy), because a localized d/M order cannot be told apart. Strings
 * without a zone are the server's local time, shifted by `utcOffsetMinutes`.
 */
export function parseConnectionTime(v: RegistryValue, utcOffsetMinutes = 0): Date | undefined {
  const local = (ms: number) => new Date(ms - utcOffsetMinutes * 60_000);
  const fromFiletime = (ft: bigint) => new Date(Number(ft / 10_000n - FILETIME_EPOCH_OFFSET_MS));
  if (v.type === 'REG_QWORD') return fromFiletime(v.data);
  if (v.type === 'REG_BINARY' && v.data.length === 8) return fromFiletime(Buffer.from(v.data).readBigUInt64LE(0));
  if (v.type !== 'REG_SZ') return undefined;
  const s = v.data.trim();
  if (/^\d{17,18}$/.test(s)) return fromFiletime(BigInt(s));
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const iso = s.replace(' ', 'T');
    const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso);
    const d = new Date(zoned ? iso : `${iso}Z`);
    if (Number.isNaN(d.getTime())) return undefined;
    return zoned ? d : local(d.getTime());
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AP]M))?$/i.exec(s);
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  const parts = us ? { mo: us[1], d: us[2], y: us[3], h: us[4], mi: us[5], se: us[6], ampm: us[7] } : de ? { d: de[1], mo: de[2], y: de[3], h: de[4], mi: de[5], se: de[6], ampm: undefined } : undefined;
  if (!parts) return undefined;
  let hour = Number(parts.h);
  if (parts.ampm) hour = (hour % 12) + (parts.ampm.toUpperCase() === 'PM' ? 12 : 0);
  const ms = Date.UTC(Number(parts.y), Number(parts.mo) - 1, Number(parts.d), hour, Number(parts.mi), Number(parts.se));
  return Number.isNaN(ms) ? undefined : local(ms);
}

export default defineCheck({
  id: 'NDES-CON-006',
  slug: 'connector-last-connection',
  area: 'connector',
  title: `Connector reached Intune within the last ${MAX_AGE_HOURS} hours`,
  severity: 'high',
  requires: ['connectorSettings', 'serverSystem'],
  dependsOn: ['NDES-CON-001'],
  run({ connectorSettings: s, serverSystem }, ctx) {
    // A bundle is judged as of when it was collected, not when it is analysed.
    const now = serverSystem.collectedAt ?? ctx.now;
    const source = `${s.path}\\ConnectionStatus\\LastConnectionTime (${s.source})`;
    const remediation = {
      text:
        'Check that the connector services run (NDES-CON-003), that the server reaches manage.microsoft.com, login.microsoftonline.com and ' +
        'autoupdate.msappproxy.net on 443 without TLS inspection, and read the Microsoft-Intune-CertificateConnectors/Operational log ' +
        '(event 5001/5002: health upload failed). The connector status in the Intune admin center shows the same time.',
      commands: [
        'Test-NetConnection manage.microsoft.com -Port 443',
        'Get-WinEvent -LogName Microsoft-Intune-CertificateConnectors/Operational -MaxEvents 20',
      ],
      docs: LINKS.connectorOverview,
    };
    const expected = `within ${MAX_AGE_HOURS} h of ${now.toISOString()}${serverSystem.collectedAt ? ' (collection time)' : ''}`;
    if (!s.lastConnectionTime) {
      return fail('The connector has no LastConnectionTime: it has not connected to Intune since it was configured.', remediation, { expected, actual: 'absent', source });
    }
    const at = parseConnectionTime(s.lastConnectionTime, serverSystem.utcOffsetMinutes);
    if (!at) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `LastConnectionTime ${formatRegistryValue(s.lastConnectionTime)} is not a date format ndes-doctor can read without guessing the day/month order; compare it with the connector status in the Intune admin center.`,
        evidence: { expected, actual: formatRegistryValue(s.lastConnectionTime), source },
      };
    }
    const hours = (now.getTime() - at.getTime()) / 3600_000;
    const evidence = { expected, actual: `${at.toISOString()} (${hours.toFixed(1)} h ago)${s.issueDetails ? `; IssueDetails "${s.issueDetails}"` : ''}`, source };
    if (hours <= MAX_AGE_HOURS) return pass(`The connector last reached Intune ${hours.toFixed(1)} hours ago.`, evidence);
    return fail(`The connector last reached Intune ${Math.floor(hours / 24)} day(s) ago (${at.toISOString()}); it is not processing requests.`, remediation, evidence);
  },
});
