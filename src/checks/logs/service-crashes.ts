import { defineCheck } from '../../engine/check.js';
import { cmd, powershell } from '../../engine/outcome.js';
import { CONNECTOR_SERVICE_NAMES } from '../../collect/windows/connector-artifacts.js';
import { APPLICATION_PROVIDERS } from '../../collect/windows/log-artifacts.js';
import type { EventDigest, EventGroup } from '../../facts/log-digests.js';
import type { LogFact } from '../../facts/logs.js';
import { at, conclude, isErrorLevel, knowledge, latestData, LOG_DOCS, totalCount, unreadableNotes, type Finding } from './common.js';

const SCM_IDS = [7000, 7009, 7023, 7024, 7031, 7034, 7038, 7041];
const WAS_IDS = [5002, 5009, 5010, 5011];
/** WAS events that name the pool whose worker process just ended: terminated (5009), lost (5011), or the pool disabled at the last of a series (5002). */
const WORKER_ENDED = [5002, 5009, 5011];
/**
 * How far apart a w3wp.exe crash and the WAS event of its pool may be: WAS logs the worker's end as it happens, Windows
 * Error Reporting writes Application Error 1000 as it reports the crash, seconds later.
 */
const SAME_CRASH_MS = 2 * 60_000;

/**
 * Services NDES depends on, by key name (Service Control Manager puts it in the event's Binary)
 * and by the display names their installers register (older events carry only those).
 */
const IIS_SERVICES = new Map([
  ['w3svc', 'IIS'],
  ['was', 'IIS'],
  ['world wide web publishing service', 'IIS'],
  ['windows process activation service', 'IIS'],
]);
const CONNECTOR_SERVICES = new Set([
  ...CONNECTOR_SERVICE_NAMES.map((s) => s.toLowerCase()),
  'intune connector service',
  'pfx certificate connector for microsoft intune',
  'pfx create certificate connector for microsoft intune',
  'pfx create legacy connector for microsoft intune',
  'pfx revoke certificate connector for microsoft intune',
]);
/** The NDES pool and the legacy Certificate Registration Point's. */
const NDES_POOLS = /^scep$|certificateregistration/i;
/** NDES's applications in IIS, as an ASP.NET application domain names them. */
const NDES_APPS = /\/ROOT\/(CertificateRegistrationSvc|CertSrv)/i;
const NDES_PROCESSES = /^w3wp\.exe$|intune|pfxcertificateconnector|ndesconnector/i;
const CONNECTOR_SOURCES = new Set(APPLICATION_PROVIDERS.filter((p) => /Connector|NDESConnector/.test(p)).map((p) => p.toLowerCase()));

const isWas = (g: EventGroup) => ['microsoft-windows-was', 'was'].includes(g.provider.toLowerCase());
const isW3wpCrash = (g: EventGroup) => g.provider.toLowerCase() === 'application error' && g.eventId === 1000 && /^w3wp/i.test(g.detail);

function related(g: EventGroup): string[] | undefined {
  const provider = g.provider.toLowerCase();
  const subject = g.detail.toLowerCase();
  if (provider === 'service control manager' && SCM_IDS.includes(g.eventId)) {
    if (IIS_SERVICES.has(subject)) return ['NDES-IIS-004'];
    if (CONNECTOR_SERVICES.has(subject)) return ['NDES-CON-003'];
    return undefined;
  }
  if (isWas(g) && WAS_IDS.includes(g.eventId)) return NDES_POOLS.test(g.detail) ? ['NDES-IIS-004'] : undefined;
  if (provider === 'application error' && g.eventId === 1000) {
    if (!NDES_PROCESSES.test(g.detail)) return undefined;
    return /^w3wp/i.test(g.detail) ? ['NDES-IIS-004', 'NDES-TLS-011'] : ['NDES-CON-003'];
  }
  // Microsoft documents 1310 for the legacy CertificateRegistrationSvc; another application's is not NDES's.
  if (provider.startsWith('asp.net') && g.eventId === 1310) return !g.detail || NDES_APPS.test(g.detail) ? [] : undefined;
  if (CONNECTOR_SOURCES.has(provider) && isErrorLevel(g.latest.level)) return ['NDES-CON-003'];
  return undefined;
}

/**
 * A w3wp.exe crash: Application Error 1000 names the program, not the pool, and every IIS pool runs w3wp.exe. It is the
 * SCEP pool's only when the System log has WAS naming that pool at the time of the latest crash; otherwise it warns.
 */
function w3wpFinding(g: EventGroup, systemLog: LogFact<EventDigest>): Finding {
  const pools = systemLog.state === 'read' ? systemLog.digest.groups.filter((w) => isWas(w) && WORKER_ENDED.includes(w.eventId) && Math.abs(w.lastMs - g.lastMs) <= SAME_CRASH_MS) : [];
  const scep = pools.find((w) => NDES_POOLS.test(w.detail));
  if (scep) {
    const base = finding(g, ['NDES-IIS-004', 'NDES-TLS-011']);
    return { ...base, text: `${base.text}; the ${scep.detail} pool's worker: WAS ${scep.eventId} names it at ${at(scep.lastMs)}` };
  }
  const base = finding(g, []);
  const others = [...new Set(pools.map((w) => w.detail).filter(Boolean))];
  const why =
    systemLog.state === 'absent'
      ? 'there is no System log, where WAS would name it'
      : systemLog.state === 'unreadable'
        ? 'the System log, where WAS would name it, could not be read'
        : others.length
        ? `WAS names ${others.map((p) => `'${p}'`).join(', ')} at that time, not an NDES pool`
        : `the System log has no WAS ${WORKER_ENDED.join('/')} for the SCEP pool within ${SAME_CRASH_MS / 60_000} minutes of the latest crash`;
  return {
    ...base,
    text: `${base.text}; which application pool crashed is not known: the event does not name it, and ${why}`,
    severity: 'warn',
    fix: `Every IIS application pool runs w3wp.exe: find the pool by the crash time in the System log (WAS events 5009, 5011) or in IIS Manager > Worker Processes. If it is the SCEP pool: ${base.fix.charAt(0).toLowerCase()}${base.fix.slice(1)}`,
  };
}

function finding(g: EventGroup, corroborates: string[]): Finding {
  const source = g.provider === 'Service Control Manager' ? 'Service Control Manager' : g.provider.replace(/^Microsoft-Windows-/, '');
  const entry = knowledge('windows-event', `${source} ${g.eventId}`) ?? knowledge('windows-event', String(g.eventId));
  const subject = g.detail ? ` for ${g.detail}` : '';
  return {
    text: `${source} ${g.eventId}${entry ? ` ${entry.name}` : ''}${subject}; latest: ${latestData(g)}`,
    count: g.count,
    lastMs: g.lastMs,
    // A crash the service recovers from (7031: SCM restarts it) only warns; the rest leaves it down.
    severity: g.eventId === 7031 ? 'warn' : 'fail',
    codes: entry ? [entry.code] : [],
    fix: entry?.fix ?? 'Read the event in the Application log and the service\'s own log at that time.',
    corroborates,
  };
}

export default defineCheck({
  id: 'NDES-LOG-008',
  slug: 'service-crashes',
  area: 'logs',
  title: 'NDES, IIS and connector services and processes do not crash or fail to start',
  severity: 'high',
  requires: ['systemLog', 'applicationLog'],
  run({ systemLog, applicationLog }, ctx) {
    const logs = [
      ['System log', systemLog],
      ['Application log', applicationLog],
    ] as const;
    const findings: Finding[] = [];
    for (const [, fact] of logs) {
      if (fact.state !== 'read') continue;
      for (const g of fact.digest.groups) {
        const corroborates = related(g);
        if (corroborates) findings.push(isW3wpCrash(g) ? w3wpFinding(g, systemLog) : finding(g, corroborates));
      }
    }
    return conclude({
      subject: 'the services and processes NDES depends on',
      what: 'Services and processes NDES depends on failed',
      now: ctx.now,
      findings,
      notes: unreadableNotes(logs),
      facts: logs.map(([, f]) => f),
      passMessage: 'No crash or failed start of W3SVC, WAS, the SCEP application pool, w3wp.exe or the connector services in the System and Application logs.',
      evidence: {
        expected: 'no Service Control Manager 7000/7009/7023/7024/7031/7034/7038/7041, WAS 5002/5009/5010/5011 or Application Error 1000 for them',
        actual: `${totalCount(findings)} event(s)`,
      },
      docs: LOG_DOCS.deviceToNdes,
      commands: [powershell('Get-Service W3SVC, WAS, PFXCertificateConnectorSvc, PkiCreateConnectorSvc, PkiRevokeConnectorSvc -ErrorAction SilentlyContinue'), cmd('%windir%\\system32\\inetsrv\\appcmd.exe list apppool SCEP')],
    });
  },
});
