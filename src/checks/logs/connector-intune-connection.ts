import { defineCheck } from '../../engine/check.js';
import { notApplicable, powershell } from '../../engine/outcome.js';
import { conclude, eventFinding, groupsOf, isErrorLevel, latestData, LINK_CHECKS, LOG_DOCS, totalCount, unreadableNotes, type Finding } from './common.js';

/** Connector events of its traffic with Intune (downloads, uploads, notifications, health). */
const LINK_IDS = [1003, 1101, 1203, 1301, 2101, 2203, 4002, 4009, 4010, 5001, 5002];
/** Attempts the connector retries: the final failure event follows if they keep failing. */
const RETRIES = new Set([4009, 5001]);
/** Microsoft: 4010 "Failed to write notification to disk": a local write, which the network checks do not explain. */
const NOT_NETWORK = new Set([4010]);

/** Successful exchanges with Intune: health reports, downloads, uploads and notifications. */
const EXCHANGED = {
  connector: [1000, 1002, 1100, 1200, 1202, 1300, 2000, 2100, 2202, 3000, 3002, 3100, 4000, 4008, 5000],
  legacy: [20300, 20400],
};

/** Legacy events of the connector's own certificate (sign-in enrollment and its renewal) and its traffic. */
const LEGACY = {
  10102: { corroborates: [] as string[], severity: 'fail' },
  10301: { corroborates: [], severity: 'warn' },
  10302: { corroborates: [], severity: 'fail' },
  20302: { corroborates: LINK_CHECKS, severity: 'fail' },
  20402: { corroborates: LINK_CHECKS, severity: 'fail' },
} as const satisfies Record<number, { corroborates: readonly string[]; severity: Finding['severity'] }>;

export default defineCheck({
  id: 'NDES-LOG-007',
  slug: 'connector-intune-connection',
  area: 'logs',
  title: 'The connector talks to Intune, keeps its certificate renewed and updates itself',
  severity: 'high',
  requires: ['connectorAdminLog', 'connectorOperationalLog', 'legacyConnectorLog', 'agentUpdaterLog'],
  run({ connectorAdminLog, connectorOperationalLog, legacyConnectorLog, agentUpdaterLog }, ctx) {
    const logs = [
      ['Microsoft-Intune-CertificateConnectors/Admin', connectorAdminLog],
      ['Microsoft-Intune-CertificateConnectors/Operational', connectorOperationalLog],
      ['Microsoft Intune Connector (legacy)', legacyConnectorLog],
      ['Microsoft-AzureADConnect-AgentUpdater/Admin', agentUpdaterLog],
    ] as const;
    if ([connectorAdminLog, connectorOperationalLog, legacyConnectorLog].every((f) => f.state === 'absent')) {
      return notApplicable('No connector event log exists on this server, so none shows how the connector works with Intune (NDES-CON-001 says whether a connector is installed).');
    }
    const findings: Finding[] = [
      ...[...groupsOf(connectorAdminLog, LINK_IDS), ...groupsOf(connectorOperationalLog, LINK_IDS)].map((g) =>
        eventFinding(g, 'connector-event', RETRIES.has(g.eventId) ? 'warn' : 'fail', NOT_NETWORK.has(g.eventId) ? [] : LINK_CHECKS),
      ),
      ...groupsOf(legacyConnectorLog, Object.keys(LEGACY).map(Number)).map((g) => {
        const rule = LEGACY[g.eventId as keyof typeof LEGACY];
        return eventFinding(g, 'legacy-connector-event', rule.severity, rule.corroborates);
      }),
      ...(agentUpdaterLog.state === 'read' ? agentUpdaterLog.digest.groups.filter((g) => isErrorLevel(g.latest.level)) : []).map(
        (g): Finding => ({
          text: `Connector auto-update failed (AgentUpdater event ${g.eventId}); latest: ${latestData(g)}`,
          count: g.count,
          lastMs: g.lastMs,
          severity: 'warn',
          codes: g.latest.codes,
          fix: 'The connector updates itself from autoupdate.msappproxy.net on 443: check that the server reaches it without TLS inspection, or update the connector by hand.',
          corroborates: ['NDES-CON-002'],
        }),
      ),
    ];
    const healthy = totalCount(groupsOf(connectorOperationalLog, [5000]));
    const exchanges = [
      ...groupsOf(connectorAdminLog, EXCHANGED.connector),
      ...groupsOf(connectorOperationalLog, EXCHANGED.connector),
      ...groupsOf(legacyConnectorLog, EXCHANGED.legacy),
    ].length;
    return conclude({
      subject: 'the connector\'s link to Intune',
      what: 'The connector failed to work with Intune',
      now: ctx.now,
      findings,
      notes: unreadableNotes(logs),
      facts: logs.map(([, f]) => f),
      passMessage: `No failed download, upload, notification, health report, certificate renewal or auto-update in the connector logs${healthy ? `; ${healthy} health report(s) uploaded (5000)` : ''}.`,
      nothingToJudge: exchanges
        ? undefined
        : 'No exchange with Intune in the connector logs (no health report 5000, no download, upload or notification that succeeded or failed): nothing shows whether the link works; NDES-CON-006 reads the last connection time the connector records.',
      evidence: { expected: 'no connector download/upload/notify/health failures, no legacy 10102/10301/10302/20302/20402, no updater errors', actual: `${totalCount(findings)} failure event(s)` },
      docs: findings.some((f) => f.codes.some((c) => /^[12]0\d{3}$/.test(c))) ? LOG_DOCS.legacyEvents : LOG_DOCS.connectorOverview,
      commands: [powershell('Test-NetConnection manage.microsoft.com -Port 443'), powershell('Test-NetConnection autoupdate.msappproxy.net -Port 443')],
    });
  },
});
