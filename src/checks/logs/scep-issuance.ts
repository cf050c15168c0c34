import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { ago, at, groupsOf, lastSeen, LOG_DOCS, LOG_URI_QUERY, RECENT_MS, unloggedQueries, unreadableNotes, unreadableOutcome } from './common.js';

/** Events that prove a certificate was issued, and events that prove a request arrived. */
const ISSUED = { connector: [4006, 4000], legacy: [20600] } as const;
const RECEIVED = { connector: [4003], legacy: [20500, 20501, 20502] } as const;

const total = (rows: readonly { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);

export default defineCheck({
  id: 'NDES-LOG-002',
  slug: 'scep-issuance',
  area: 'logs',
  title: 'SCEP certificates are being issued while requests arrive',
  severity: 'high',
  requires: ['connectorAdminLog', 'connectorOperationalLog', 'legacyConnectorLog', 'iisLog'],
  run({ connectorAdminLog, connectorOperationalLog, legacyConnectorLog, iisLog }, ctx) {
    const now = ctx.now;
    const logs = [
      ['Microsoft-Intune-CertificateConnectors/Admin', connectorAdminLog],
      ['Microsoft-Intune-CertificateConnectors/Operational', connectorOperationalLog],
      ['Microsoft Intune Connector (legacy)', legacyConnectorLog],
      ['IIS log', iisLog],
    ] as const;
    const notes = unreadableNotes(logs);
    if ([connectorAdminLog, connectorOperationalLog, legacyConnectorLog].every((f) => f.state === 'absent')) {
      return notApplicable('No connector event log exists on this server, and NDES itself logs no successful issuance: nothing shows whether certificates are issued.');
    }
    const issued = [
      ...groupsOf(connectorOperationalLog, ISSUED.connector),
      ...groupsOf(connectorAdminLog, ISSUED.connector),
      ...groupsOf(legacyConnectorLog, ISSUED.legacy),
    ];
    const received = [...groupsOf(connectorOperationalLog, RECEIVED.connector), ...groupsOf(legacyConnectorLog, RECEIVED.legacy)];
    const pkiOps = iisLog.state === 'read' ? iisLog.digest.rows.filter((r) => r.operation === 'PKIOperation') : [];
    // Enrollments among them cannot be counted: the IIS log then shows no request that arrived.
    const unlogged = iisLog.state === 'read' ? unloggedQueries(iisLog.digest.rows) : undefined;
    // Each issued certificate is logged twice, 4006 in the Operational log and 4000 in the Admin log (one event
    // per request): the channel with more of them counts. Each request is logged by IIS and by the connector alike.
    const issuedCount =
      Math.max(total(groupsOf(connectorOperationalLog, [4006])), total(groupsOf(connectorAdminLog, [4000]))) + total(groupsOf(legacyConnectorLog, ISSUED.legacy));
    const receivedCount = total(received);
    const pkiCount = total(pkiOps);
    const lastIssued = lastSeen(issued);
    const lastRequest = Math.max(lastSeen(received) || -Infinity, lastSeen(pkiOps) || -Infinity);
    const requests = Math.max(receivedCount, pkiCount);
    const evidence = {
      expected: 'a certificate issued (connector event 4006 or 4000, legacy 20600) after SCEP requests arrive',
      actual: `${issuedCount} issued${Number.isNaN(lastIssued) ? '' : `, last ${at(lastIssued)}`}; ${receivedCount} request(s) received by the connector, ${pkiCount} PKIOperation request(s) in the IIS log${Number.isFinite(lastRequest) ? `, last ${at(lastRequest)}` : ''}${unlogged ? `; not counted: ${unlogged}` : ''}`,
      codes: [...new Set([...issued, ...received].map((g) => String(g.eventId)))],
      details: { ...(notes.length ? { unreadable: notes } : {}) },
    };
    const remediation = {
      text:
        'Requests reach NDES but no certificate comes out: the failing step is named by the other log checks (challenge validation NDES-LOG-003, CA submission NDES-LOG-004, NDES itself NDES-LOG-005, the connector\'s link to Intune NDES-LOG-007). Follow one request through the Operational log: 4003 received, 4004 verified, 4006 issued, 4008 notified.',
      commands: [powershell("Get-WinEvent -LogName 'Microsoft-Intune-CertificateConnectors/Operational' -MaxEvents 40 | Format-Table TimeCreated, Id, LevelDisplayName -AutoSize")],
      docs: LOG_DOCS.connectorOverview,
    };
    // A missing issuance is only a finding when every log that records issuance was read.
    const issuanceNotes = unreadableNotes(logs.slice(0, 3));
    const cannotTell = () =>
      unreadableOutcome('whether certificates are issued (a log that records issuance could not be read)', issuanceNotes, logs.map(([, f]) => f));
    if (issuedCount > 0) {
      const stale = Number.isFinite(lastRequest) && lastRequest - lastIssued > RECENT_MS;
      if (stale && issuanceNotes.length) return cannotTell();
      if (stale) {
        return fail(
          `The last SCEP certificate was issued ${ago(lastIssued, now)} (${at(lastIssued)}), but requests kept arriving until ${at(lastRequest)}: issuance stopped.`,
          remediation,
          evidence,
        );
      }
      return pass(`Last SCEP certificate issued ${ago(lastIssued, now)} (${at(lastIssued)}); ${issuedCount} issued in the logs.`, evidence);
    }
    if (requests > 0) {
      if (issuanceNotes.length) return cannotTell();
      return fail(
        `${requests} SCEP request(s) reached this server (last ${at(lastRequest)}), but no certificate was issued in the logs: no connector event 4006/4000 or legacy 20600.`,
        remediation,
        evidence,
      );
    }
    if (notes.length) return unreadableOutcome('SCEP issuance (no request or issuance in the logs that could be read)', notes, logs.map(([, f]) => f));
    return {
      status: 'skip',
      skipReason: 'no-data',
      message: unlogged
        ? `No SCEP request and no issued certificate in the connector logs of the window, and no enrollment known in the IIS log: ${unlogged}, so whether any was a PKIOperation is unknown. ${LOG_URI_QUERY}`
        : 'No SCEP request and no issued certificate in the logs of the window: nothing to judge issuance by (devices may simply not have enrolled).',
      evidence,
    };
  },
});
