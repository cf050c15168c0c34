import { defineCheck } from '../../engine/check.js';
import { notApplicable } from '../../engine/outcome.js';
import type { EventGroup } from '../../facts/log-digests.js';
import type { KnowledgeKind } from '../../knowledge/types.js';
import { conclude, groupsOf, knowledge, latestData, LOG_DOCS, unreadableNotes, type Finding } from './common.js';

/** Retried attempts only warn: the final failure event follows when retries run out. */
const RETRIES = new Set([3052]);

function finding(g: EventGroup, kind: KnowledgeKind): Finding {
  const entry = knowledge(kind, String(g.eventId));
  const code = g.detail ? knowledge('diagnostic-code', g.detail) ?? knowledge('hresult', g.detail) : undefined;
  return {
    text: `${g.eventId} ${entry?.name ?? ''}${code ? ` (${code.code} ${code.name})` : g.detail ? ` (${g.detail})` : ''}: ${entry?.meaning ?? 'revocation failed'}; latest: ${latestData(g)}`,
    count: g.count,
    lastMs: g.lastMs,
    severity: RETRIES.has(g.eventId) ? 'warn' : 'fail',
    codes: [String(g.eventId), ...(g.detail ? [g.detail] : [])],
    fix: code?.fix ?? entry?.fix ?? 'Read the event details.',
  };
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
    if (logs.every(([, f]) => f.state === 'absent')) return notApplicable('No connector event log exists on this server: no connector revokes certificates here.');
    const findings = [
      ...groupsOf(connectorAdminLog, [3001]).map((g) => finding(g, 'connector-event')),
      ...groupsOf(connectorOperationalLog, [3003, 3051, 3052, 3101]).map((g) => finding(g, 'connector-event')),
      ...groupsOf(legacyConnectorLog, [20202]).map((g) => finding(g, 'legacy-connector-event')),
    ];
    const revoked = groupsOf(connectorOperationalLog, [3050]).reduce((n, g) => n + g.count, 0) + groupsOf(legacyConnectorLog, [20200]).reduce((n, g) => n + g.count, 0);
    return conclude({
      subject: 'revocation',
      what: 'Revocation failed',
      now: ctx.now,
      findings,
      notes: unreadableNotes(logs),
      facts: logs.map(([, f]) => f),
      passMessage: `No revocation failure in the connector logs${revoked ? `; ${revoked} certificate(s) revoked` : ''}.`,
      evidence: { expected: 'no 3001, 3003, 3051, 3101 or legacy 20202', actual: `${findings.reduce((n, f) => n + f.count, 0)} failure event(s), ${revoked} revoked` },
      docs: findings.some((f) => f.codes.includes('20202')) ? LOG_DOCS.legacyEvents : LOG_DOCS.connectorOverview,
    });
  },
});
