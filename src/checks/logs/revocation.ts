import { defineCheck } from '../../engine/check.js';
import { notApplicable } from '../../engine/outcome.js';
import type { EventDigest } from '../../facts/log-digests.js';
import type { LogFact } from '../../facts/logs.js';
import { conclude, eventFinding, groupsOf, LINK_CHECKS, LOG_DOCS, totalCount, unreadableNotes } from './common.js';

/** Retried attempts only warn: the final failure event follows when retries run out. */
const RETRIES = new Set([3052]);
/** Downloads of revocation requests from Intune and uploads of their results: the connector's link to Intune. */
const LINK = new Set([3001, 3003, 3101]);
const corroborates = (id: number) => (LINK.has(id) ? LINK_CHECKS : []);

/** Events of Microsoft's revocation range, 3000-3999, success or failure: proof that revocation ran at all. */
function revocationEvents(fact: LogFact<EventDigest>): number {
  return fact.state === 'read' ? totalCount(fact.digest.groups.filter((g) => g.eventId >= 3000 && g.eventId <= 3999)) : 0;
}

export default defineCheck({
  id: 'NDES-LOG-006',
  slug: 'revocation',
  area: 'logs',
  title: 'Certificate revocation requests from Intune succeed',
  severity: 'medium',
  requires: ['connectorAdminLog', 'connectorOperationalLog', 'legacyConnectorLog'],
  run({ connectorAdminLog, connectorOperationalLog, legacyConnectorLog }, ctx) {
    const logs = [
      ['Microsoft-Intune-CertificateConnectors/Admin', connectorAdminLog],
      ['Microsoft-Intune-CertificateConnectors/Operational', connectorOperationalLog],
      ['Microsoft Intune Connector (legacy)', legacyConnectorLog],
    ] as const;
    if (logs.every(([, f]) => f.state === 'absent')) return notApplicable('No connector event log exists on this server, so none shows revocations (NDES-CON-001 says whether a connector is installed).');
    const findings = [
      ...groupsOf(connectorAdminLog, [3001]).map((g) => eventFinding(g, 'connector-event', 'fail', corroborates(g.eventId))),
      ...groupsOf(connectorOperationalLog, [3003, 3051, 3052, 3101]).map((g) => eventFinding(g, 'connector-event', RETRIES.has(g.eventId) ? 'warn' : 'fail', corroborates(g.eventId))),
      ...groupsOf(legacyConnectorLog, [20202]).map((g) => eventFinding(g, 'legacy-connector-event', 'fail')),
    ];
    const revoked = totalCount(groupsOf(connectorOperationalLog, [3050])) + totalCount(groupsOf(legacyConnectorLog, [20200]));
    const ran = revocationEvents(connectorAdminLog) + revocationEvents(connectorOperationalLog) + totalCount(groupsOf(legacyConnectorLog, [20200, 20202]));
    return conclude({
      subject: 'revocation',
      what: 'Revocation failed',
      now: ctx.now,
      findings,
      notes: unreadableNotes(logs),
      facts: logs.map(([, f]) => f),
      passMessage: `No revocation failure in the connector logs; ${ran} revocation event(s)${revoked ? `, ${revoked} certificate(s) revoked` : ''}.`,
      nothingToJudge: ran
        ? undefined
        : 'No revocation event in the connector logs of the window (no connector event 3000-3999, no legacy 20200/20202): Intune asked for no revocation in the window, or the connector\'s Certificate revocation feature is off, so nothing shows whether revocation works. NDES-LOG-007 covers the connector\'s link to Intune.',
      evidence: { expected: 'no 3001, 3003, 3051, 3101 or legacy 20202', actual: `${totalCount(findings)} failure event(s), ${revoked} revoked` },
      docs: findings.some((f) => f.codes.includes('20202')) ? LOG_DOCS.legacyEvents : LOG_DOCS.connectorOverview,
    });
  },
});
