import { defineCheck } from '../../engine/check.js';
import { cmd, powershell } from '../../engine/outcome.js';
import { CONNECTOR_SERVICE_NAMES } from '../../collect/windows/connector-artifacts.js';
import { APPLICATION_PROVIDERS } from '../../collect/windows/log-artifacts.js';
import type { EventGroup } from '../../facts/log-digests.js';
import { conclude, isErrorLevel, knowledge, latestData, LOG_DOCS, unreadableNotes, type Finding } from './common.js';

const SCM_IDS = [7000, 7009, 7023, 7024, 7031, 7034, 7038, 7041];
const WAS_IDS = [5002, 5009, 5010, 5011];

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

function related(g: EventGroup): string[] | undefined {
  const provider = g.provider.toLowerCase();
  const subject = g.detail.toLowerCase();
  if (provider === 'service control manager' && SCM_IDS.includes(g.eventId)) {
    if (IIS_SERVICES.has(subject)) return ['NDES-IIS-004'];
    if (CONNECTOR_SERVICES.has(subject)) return ['NDES-CON-003'];
    return undefined;
  }
  if ((provider === 'microsoft-windows-was' || provider === 'was') && WAS_IDS.includes(g.eventId)) return NDES_POOLS.test(g.detail) ? ['NDES-IIS-004'] : undefined;
  if (provider === 'application error' && g.eventId === 1000) {
    if (!NDES_PROCESSES.test(g.detail)) return undefined;
    return /^w3wp/i.test(g.detail) ? ['NDES-IIS-004', 'NDES-TLS-011'] : ['NDES-CON-003'];
  }
  // Microsoft documents 1310 for the legacy CertificateRegistrationSvc; another application's is not NDES's.
  if (provider.startsWith('asp.net') && g.eventId === 1310) return !g.detail || NDES_APPS.test(g.detail) ? [] : undefined;
  if (CONNECTOR_SOURCES.has(provider) && isErrorLevel(g.latest.level)) return ['NDES-CON-003'];
  return undefined;
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
        if (corroborates) findings.push(finding(g, corroborates));
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
        actual: `${findings.reduce((n, f) => n + f.count, 0)} event(s)`,
      },
      docs: LOG_DOCS.deviceToNdes,
      commands: [powershell('Get-Service W3SVC, WAS, PFXCertificateConnectorSvc, PkiCreateConnectorSvc, PkiRevokeConnectorSvc -ErrorAction SilentlyContinue'), cmd('%windir%\\system32\\inetsrv\\appcmd.exe list apppool SCEP')],
    });
  },
});
