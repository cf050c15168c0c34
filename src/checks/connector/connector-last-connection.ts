import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import type { AccountDateCulture } from '../../facts/server.js';
import { parseCultureDateTime, parseCultureFree, type LocalDateTime } from '../../parse/culture-date.js';
import type { RegistryValue } from '../../parse/registry.js';
import { formatRegistryValue } from '../../parse/registry.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from './current.js';

const MAX_AGE_HOURS = 24;
/** The registry is exported a little after the clock is read; a contact in that window is not "in the future". */
export const COLLECTION_WINDOW_MINUTES = 5;
/** Without the recorded UTC offset a local time can be off by up to 14 hours either way. */
const UNKNOWN_OFFSET_HOURS = 14;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

type Reading = { status: 'ok'; at: Date; readAs: string; local: boolean };
export type ConnectionTimeReading = Reading | { status: 'error'; reason: string };

interface ServerClock {
  utcOffsetMinutes?: number;
  dateFormats?: AccountDateCulture[];
}

const describeCulture = (c: AccountDateCulture) =>
  `${c.name || 'unnamed culture'} of ${c.account === 'system' ? 'LocalSystem' : 'the collecting account'} (${c.shortDatePattern} ${c.longTimePattern})`;

/**
 * The connector's LastConnectionTime as an instant. Microsoft does not document the value; builds
 * write a FILETIME number or text, and text is .NET's DateTime.ToString() in some culture. Text is
 * read with the date formats recorded at collection; without them only forms that no culture
 * reads differently are accepted. Zone-less text is the server's local time.
 */
export function readConnectionTime(v: RegistryValue, server: ServerClock): ConnectionTimeReading {
  const fromFiletime = (ft: bigint, readAs: string): Reading => ({
    status: 'ok',
    at: new Date(Number(ft / 10_000n - FILETIME_EPOCH_OFFSET_MS)),
    readAs,
    local: false,
  });
  const local = (t: LocalDateTime, readAs: string): Reading => ({
    status: 'ok',
    at: new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - (server.utcOffsetMinutes ?? 0) * 60_000),
    readAs,
    local: true,
  });
  if (v.type === 'REG_QWORD') return fromFiletime(v.data, 'FILETIME (REG_QWORD)');
  if (v.type === 'REG_BINARY' && v.data.length === 8) return fromFiletime(Buffer.from(v.data).readBigUInt64LE(0), 'FILETIME (8-byte REG_BINARY)');
  if (v.type !== 'REG_SZ') return { status: 'error', reason: `it has type ${v.type}, which holds no date` };
  const s = v.data.trim();
  if (/^\d{17,18}$/.test(s)) return fromFiletime(BigInt(s), 'FILETIME number');
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) return { status: 'ok', at: d, readAs: 'ISO 8601 with zone', local: false };
  }
  const formats = server.dateFormats ?? [];
  if (formats.length > 0) {
    const readings = formats.flatMap((c) => {
      const t = parseCultureDateTime(s, c);
      return t ? [{ c, reading: local(t, describeCulture(c)) }] : [];
    });
    if (new Set(readings.map((r) => r.reading.at.getTime())).size > 1) {
      const views = readings.map((r) => `${describeCulture(r.c)} reads ${r.reading.at.toISOString()}`);
      return { status: 'error', reason: `the server's date formats read it differently: ${views.join('; ')}` };
    }
    if (readings.length > 0) return { ...readings[0]!.reading, readAs: readings.map((r) => describeCulture(r.c)).join(' and ') };
  }
  const free = parseCultureFree(s);
  if (free.status === 'ok') return local(free.value, `${free.form}, unambiguous in every culture`);
  const recorded = formats.length > 0 ? `it fits none of the recorded date formats (${formats.map(describeCulture).join('; ')})` : '';
  if (free.status === 'ambiguous') {
    return {
      status: 'error',
      reason:
        recorded ||
        `${free.reason}, and this bundle does not record the server's date format (an older ndes-doctor collected it); collect it again with this version`,
    };
  }
  return { status: 'error', reason: recorded || 'it is not a date form ndes-doctor can read without the server\'s date format, which this bundle does not record' };
}

export default defineCheck({
  id: 'NDES-CON-006',
  slug: 'connector-last-connection',
  area: 'connector',
  title: `Connector reached Intune within the last ${MAX_AGE_HOURS} hours`,
  severity: 'high',
  requires: ['connectorSettings', 'serverSystem', 'connectorInstall'],
  run({ connectorSettings: s, serverSystem, connectorInstall }, ctx) {
    if (!connectorInstall.current) return noCurrentConnector();
    // A bundle is judged as of when it was collected, not when it is analysed.
    const now = serverSystem.collectedAt ?? ctx.now;
    const source = `${s.path}\\ConnectionStatus\\LastConnectionTime (${s.source})`;
    const remediation = {
      text:
        'Check that the connector services run (NDES-CON-003), that the server reaches manage.microsoft.com, login.microsoftonline.com and ' +
        'autoupdate.msappproxy.net on 443 without TLS inspection, and read the Microsoft-Intune-CertificateConnectors/Operational log ' +
        '(event 5001/5002: health upload failed). Compare with the connector status in the Intune admin center (Tenant administration > ' +
        'Connectors and tokens > Certificate connectors), which is authoritative.',
      commands: [
        powershell('Test-NetConnection manage.microsoft.com -Port 443'),
        powershell('Get-WinEvent -LogName Microsoft-Intune-CertificateConnectors/Operational -MaxEvents 20'),
      ],
      docs: LINKS.connectorOverview,
    };
    const expected = `within ${MAX_AGE_HOURS} h before ${now.toISOString()}${serverSystem.collectedAt ? ' (collection time)' : ''}`;
    // Without its settings key the connector was never configured, which NDES-CON-004 reports.
    if (!s.exists) return notApplicable('The connector has never been configured (no PFXCertificateConnector settings key; see NDES-CON-004), so it has no connection to report.');
    if (!s.lastConnectionTime) {
      return warn('The connector has no LastConnectionTime: it has not recorded a connection to Intune since it was configured.', remediation, {
        expected,
        actual: 'absent',
        source,
      });
    }
    const reading = readConnectionTime(s.lastConnectionTime, serverSystem);
    const raw = formatRegistryValue(s.lastConnectionTime);
    if (reading.status === 'error') {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `LastConnectionTime ${raw} cannot be read as a date without guessing: ${reading.reason}. Compare it with the connector status in the Intune admin center.`,
        evidence: { expected, actual: raw, source },
      };
    }
    const slack = reading.local && serverSystem.utcOffsetMinutes === undefined ? UNKNOWN_OFFSET_HOURS : 0;
    const hours = (now.getTime() - reading.at.getTime()) / 3600_000;
    const evidence = {
      expected,
      actual: `${reading.at.toISOString()} (${hours.toFixed(1)} h before collection), read from ${raw} as ${reading.readAs}${s.issueDetails ? `; IssueDetails "${s.issueDetails}"` : ''}`,
      source,
      ...(slack ? { details: { note: `The server's UTC offset is not recorded, so this local time is uncertain by up to ${UNKNOWN_OFFSET_HOURS} hours.` } } : {}),
    };
    if (hours < -(COLLECTION_WINDOW_MINUTES / 60 + slack)) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message:
          `LastConnectionTime ${raw}, read as ${reading.at.toISOString()}, is ${(-hours).toFixed(1)} h after the collection time ${now.toISOString()}: ` +
          'either the date was written in another format than the one it was read with, or a clock is wrong. Its age cannot be judged.',
        evidence,
      };
    }
    if (hours + slack <= MAX_AGE_HOURS) return pass(`The connector last reached Intune ${Math.max(hours, 0).toFixed(1)} hours before collection.`, evidence);
    if (hours - slack <= MAX_AGE_HOURS) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `LastConnectionTime is ${hours.toFixed(1)} h old in UTC, but without the server's recorded UTC offset it may be anywhere from ${Math.max(hours - slack, 0).toFixed(1)} to ${(hours + slack).toFixed(1)} h old; collect the bundle again with this version.`,
        evidence,
      };
    }
    return warn(
      `The connector last reached Intune ${Math.floor(hours / 24)} day(s) before collection (${reading.at.toISOString()}); it is probably not processing requests.`,
      remediation,
      evidence,
    );
  },
});
