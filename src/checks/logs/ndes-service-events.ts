import { defineCheck } from '../../engine/check.js';
import { NDES_PROVIDER } from '../../collect/windows/log-artifacts.js';
import type { EventGroup } from '../../facts/log-digests.js';
import type { KnowledgeEntry } from '../../knowledge/types.js';
import { RA_TEMPLATES } from '../../parse/x509.js';
import { conclude, groupsOf, isErrorLevel, knowledge, latestData, LOG_DOCS, type Finding, totalCount } from './common.js';
import { powershell } from '../../engine/outcome.js';

const CERTENROLL = 'Microsoft-Windows-CertificateServicesClient-CertEnroll';

/** NDES events this check reads (31 and 29 belong to the CA-submission and challenge checks), with the checks they corroborate. */
const NDES_IDS: Record<number, { severity: Finding['severity']; corroborates: readonly string[] }> = {
  2: { severity: 'fail', corroborates: ['NDES-TLS-010', 'NDES-NET-003', 'NDES-NET-005'] },
  10: { severity: 'fail', corroborates: ['NDES-TLS-010', 'NDES-NET-003', 'NDES-NET-005'] },
  4: { severity: 'warn', corroborates: [] },
  // Logged when NDES refuses its own challenge password (mscep_admin) to the user asking; Intune devices use Intune's challenge.
  6: { severity: 'warn', corroborates: ['NDES-TPL-007', 'NDES-TPL-008'] },
  7: { severity: 'fail', corroborates: ['NDES-TLS-010'] },
  16: { severity: 'warn', corroborates: [] },
  17: { severity: 'warn', corroborates: [] },
  18: { severity: 'warn', corroborates: ['NDES-NET-003'] },
};

/**
 * Events whose fix is the RA certificates whatever code they carry (Microsoft's answer to 2 and 10): the code's
 * own fix describes the code elsewhere (0x80070002: the connector setup's renamed Default Web Site), so it only
 * adds the event's cause for that code, written in the catalogue as `With 0x80070002 ...`.
 */
const RA_CERT_EVENTS = new Set([2, 10]);

function ndesFix(eventId: number, entry: KnowledgeEntry | undefined, code: KnowledgeEntry | undefined): string {
  const eventFix = entry?.fix ?? 'Read the event details.';
  if (RA_CERT_EVENTS.has(eventId)) {
    const cause = code && entry?.causes.find((c) => c.toLowerCase().startsWith(`with ${code.code.toLowerCase()}`));
    return cause ? `${eventFix} ${cause}` : eventFix;
  }
  // Elsewhere the code's own fix is the more specific one (decrypting with old RA certificates for 18) when it has one.
  return code && code.code !== '0x80070057' ? code.fix : eventFix;
}

/**
 * A failed enrollment of a machine certificate. Most are autoenrollment of templates NDES does not use, so only one
 * naming an NDES RA template (the digest keeps those apart, as their detail) points at the RA certificates.
 */
function certEnrollFinding(g: EventGroup): Finding {
  const base = { count: g.count, lastMs: g.lastMs, severity: 'warn' as const, codes: g.latest.codes };
  if (g.detail === RA_TEMPLATES.signing || g.detail === RA_TEMPLATES.encryption) {
    return {
      ...base,
      text: `Enrollment of an NDES RA certificate (template ${g.detail}) failed (${CERTENROLL} event ${g.eventId}); latest: ${latestData(g)}`,
      fix: `Enrollment or renewal of an NDES RA certificate from ${g.detail} failed: check that both RA certificates of this server are present and valid, and renew them if needed (NDES-TLS-010 gives the steps).`,
      corroborates: ['NDES-TLS-010'],
    };
  }
  return {
    ...base,
    text: `Certificate enrollment on this server failed (${CERTENROLL} event ${g.eventId}), naming no NDES RA template (${RA_TEMPLATES.signing}, ${RA_TEMPLATES.encryption}); latest: ${latestData(g)}`,
    fix: 'A certificate enrollment or renewal on this server failed, most often autoenrollment of a template NDES does not use. It matters to NDES only if the template the event names is one NDES uses: that of the IIS TLS certificate (NDES-TLS-004), or a copy of an RA template (NDES-TLS-010). Otherwise fix it with the owner of that template.',
    corroborates: [],
  };
}

function ndesFinding(g: EventGroup): Finding {
  const entry = knowledge('ndes-event', String(g.eventId));
  const code = g.detail ? knowledge('windows-error', g.detail) : undefined;
  const rule = NDES_IDS[g.eventId] ?? { severity: 'fail', corroborates: [] };
  return {
    text: `NDES event ${g.eventId} ${entry?.name ?? ''}${g.detail ? ` (${g.detail}${code ? ` ${code.name}` : ''})` : ''}: ${entry?.meaning ?? 'an NDES error'}; latest: ${latestData(g)}`,
    count: g.count,
    lastMs: g.lastMs,
    severity: rule.severity,
    codes: [String(g.eventId), ...(g.detail ? [g.detail] : [])],
    fix: ndesFix(g.eventId, entry, code),
    corroborates: rule.corroborates,
  };
}

export default defineCheck({
  id: 'NDES-LOG-005',
  slug: 'ndes-service-events',
  area: 'logs',
  title: 'NDES starts and finds its RA certificates (no NDES errors in the Application log)',
  severity: 'critical',
  requires: ['applicationLog'],
  run({ applicationLog }, ctx) {
    const ndes = applicationLog.state === 'read' ? applicationLog.digest.groups.filter((g) => g.provider.toLowerCase() === NDES_PROVIDER.toLowerCase()) : [];
    // 29 and 31 are read by the challenge and CA-submission checks; 1 and 3 are start and stop.
    const problems = ndes.filter((g) => g.eventId in NDES_IDS || (![1, 3, 29, 31].includes(g.eventId) && isErrorLevel(g.latest.level)));
    const findings: Finding[] = [
      ...problems.map(ndesFinding),
      ...(applicationLog.state === 'read' ? applicationLog.digest.groups.filter((g) => g.provider === CERTENROLL && isErrorLevel(g.latest.level)) : []).map(certEnrollFinding),
    ];
    const started = groupsOf(applicationLog, [1], NDES_PROVIDER);
    return conclude({
      subject: 'the NDES events',
      what: 'NDES logged errors',
      now: ctx.now,
      findings,
      notes: applicationLog.state === 'unreadable' ? [`Application log: ${applicationLog.reason}`] : [],
      facts: [applicationLog],
      passMessage: `No NDES error in the Application log${started.length ? `; NDES started ${totalCount(started)} time(s)` : ''}.`,
      evidence: { expected: `no error events from ${NDES_PROVIDER}`, actual: `${totalCount(findings)} error event(s)`, ...(applicationLog.state === 'read' ? { source: applicationLog.source } : {}) },
      docs: LOG_DOCS.deviceToNdes,
      commands: [powershell("Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Microsoft-Windows-NetworkDeviceEnrollmentService'} -MaxEvents 20 | Format-List TimeCreated, Id, Message")],
    });
  },
});
