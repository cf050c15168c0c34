import { defineCheck } from '../../engine/check.js';
import { NDES_PROVIDER } from '../../collect/windows/log-artifacts.js';
import type { EventGroup } from '../../facts/log-digests.js';
import { conclude, groupsOf, knowledge, latestData, LOG_DOCS, totalCount, unreadableNotes, type Finding } from './common.js';
import { powershell } from '../../engine/outcome.js';

/** The configuration checks whose fix applies to a CA error. */
const CORROBORATES: Record<string, readonly string[]> = {
  '0x80094800': ['NDES-MSCEP-003', 'NDES-TPL-007'],
  '0x80094012': ['NDES-TPL-008'],
  '0x800706BA': ['NDES-MSCEP-002'],
};

function finding(g: EventGroup, label: string): Finding {
  const entry = g.detail ? knowledge('windows-error', g.detail) : undefined;
  const reason = entry ? `${g.detail} ${entry.name}: ${entry.meaning}` : g.detail || 'reason not in the event data';
  return {
    text: `${label}: ${reason}; latest: ${latestData(g)}`,
    count: g.count,
    lastMs: g.lastMs,
    severity: 'fail',
    codes: [String(g.eventId), ...(g.detail ? [g.detail] : [])],
    fix:
      entry?.fix ??
      'Read the reason in the event and on the CA (Certification Authority console > Failed Requests); test the CA with `certutil -config "<CAHost>\\<CAName>" -ping` from this server.',
    corroborates: CORROBORATES[g.detail] ?? [],
  };
}

export default defineCheck({
  id: 'NDES-LOG-004',
  slug: 'ca-submission',
  area: 'logs',
  title: 'NDES and the connector submit requests to the CA without errors',
  severity: 'high',
  requires: ['applicationLog', 'connectorAdminLog', 'connectorOperationalLog', 'legacyConnectorLog'],
  run({ applicationLog, connectorAdminLog, connectorOperationalLog, legacyConnectorLog }, ctx) {
    const logs = [
      ['Application log', applicationLog],
      ['Microsoft-Intune-CertificateConnectors/Admin', connectorAdminLog],
      ['Microsoft-Intune-CertificateConnectors/Operational', connectorOperationalLog],
      ['Microsoft Intune Connector (legacy)', legacyConnectorLog],
    ] as const;
    // 4001 is the Admin log's one event for any failed SCEP request, a refused challenge included; the Operational
    // log names the step (4005 challenge, NDES-LOG-003; 4007 CA, here). Where that log names none, 4001 stands in.
    const operationalRead = connectorOperationalLog.state === 'read';
    const stepNamed = operationalRead && groupsOf(connectorOperationalLog, [4005, 4007]).length > 0;
    const unnamed = operationalRead ? 'the Operational log, which names the failing step, holds no 4005 or 4007' : 'the Operational log, which names the failing step, was not read';
    const findings: Finding[] = [
      ...groupsOf(applicationLog, [31], NDES_PROVIDER).map((g) => finding(g, 'NDES event 31 EVENT_MSCEP_FAIL_SUBMIT')),
      ...groupsOf(connectorOperationalLog, [4007]).map((g) => finding(g, '4007 ScepIssuedFailure')),
      ...(stepNamed ? [] : groupsOf(connectorAdminLog, [4001])).map(
        (g): Finding => ({ ...finding(g, `4001 ScepRequestIssuedFailure (a SCEP request failed; ${unnamed})`), severity: 'warn' }),
      ),
      ...groupsOf(legacyConnectorLog, [20602]).map((g) => ({
        ...finding(g, '20602 CRPNotifyMetric_Failure'),
        fix: 'Microsoft\'s legacy connector guide: verify that the NDES server can reach the CA (`certutil -config "<CAHost>\\<CAName>" -ping`).',
      })),
    ];
    // Certificates issued: the submissions that went through (NDES logs none of its own).
    const submitted = [...groupsOf(connectorOperationalLog, [4006]), ...groupsOf(connectorAdminLog, [4000]), ...groupsOf(legacyConnectorLog, [20600])].length;
    return conclude({
      subject: 'the requests NDES and the connector sent to the CA',
      what: 'Requests to the CA failed',
      now: ctx.now,
      findings,
      notes: unreadableNotes(logs),
      facts: logs.map(([, f]) => f),
      passMessage: 'No failed CA submission in the logs (NDES event 31, connector 4007, legacy 20602).',
      nothingToJudge: submitted
        ? undefined
        : 'No request reached the CA in the logs: no certificate issued (connector 4006/4000, legacy 20600) and no CA failure (NDES 31, connector 4007, legacy 20602), so nothing to judge submissions by.',
      evidence: { expected: 'no NDES event 31, no connector 4007, no legacy 20602', actual: `${totalCount(findings)} failed submission(s)` },
      docs: LOG_DOCS.event31,
      commands: [powershell("Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Microsoft-Windows-NetworkDeviceEnrollmentService'; Id=31} -MaxEvents 10 | Format-List TimeCreated, Message")],
    });
  },
});
