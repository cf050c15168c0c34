import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import type { EventDigest, StatusRow } from '../../facts/log-digests.js';
import type { LogFact } from '../../facts/logs.js';
import {
  ago,
  at,
  groupLine,
  groupsOf,
  knowledge,
  lastSeen,
  LOG_DOCS,
  LOG_URI_QUERY,
  RECENT_MS,
  selectFields,
  statusCode,
  totalCount,
  unloggedQueries,
  unloggedStems,
  unreadableNotes,
  unreadableOutcome,
} from './common.js';

/** Events that prove a certificate was issued, and events that prove a request arrived. */
const ISSUED = { connector: [4006, 4000], legacy: [20600] } as const;
const RECEIVED = { connector: [4003], legacy: [20500, 20501, 20502] } as const;
/**
 * Requests Intune validated. Microsoft: Intune checks that the device is still targeted by the profile and that its
 * challenge is under an hour old, and issues nothing otherwise. So only a validated request must end in a certificate;
 * a refused one (4005, legacy 20501/20502), or one only seen arriving (4003, an IIS PKIOperation line, whose status
 * Microsoft ties to no validation result), shows nothing about issuance.
 */
const VALIDATED = { connector: [4004], legacy: [20500] } as const;
const REFUSED = { connector: [4005], legacy: [20501, 20502] } as const;

const VALIDATION_NOT_SHOWN = 'is shown to have passed Intune validation (connector 4004 ScepVerifySuccess, legacy 20500 CRPVerifyMetric_Success)';
const REFUSED_IS_NOT_STOPPED = 'Requests Intune refuses get no certificate by design, so they do not show that issuance fails.';
const REFUSED_FIX =
  'Intune refuses, by design, a request from a device no longer targeted by the SCEP profile or with a challenge older than an hour (the device gets a new one at its next check-in); no certificate follows. If these devices should get certificates, the reason they were refused is in NDES-LOG-003 (connector 4005, legacy 20501/20502) and in the IIS log checks NDES-LOG-009 to NDES-LOG-012 (how IIS answered).';

/**
 * What the logs show of the requests that arrived after `since` (NaN: all of them) without a validation: what the
 * connector logged of them and how IIS answered, `4005 ScepVerifyFailure ×3, ... | PKIOperation answered 403 ×3, ...`.
 */
function unvalidated(op: LogFact<EventDigest>, legacy: LogFact<EventDigest>, pkiOps: readonly StatusRow[], since: number): string {
  const later = (g: { lastMs: number }) => Number.isNaN(since) || g.lastMs > since;
  const label = (kind: 'connector-event' | 'legacy-connector-event', id: number) => `${id} ${knowledge(kind, String(id))?.name ?? ''}`.trim();
  return [
    ...[...groupsOf(op, RECEIVED.connector), ...groupsOf(op, REFUSED.connector)].filter(later).map((g) => groupLine(g, label('connector-event', g.eventId))),
    ...groupsOf(legacy, REFUSED.legacy).filter(later).map((g) => groupLine(g, label('legacy-connector-event', g.eventId))),
    ...pkiOps.filter(later).map((r) => `PKIOperation answered ${statusCode(r)} ×${r.count}, last ${at(r.lastMs)}`),
  ].join(' | ');
}

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
    const validated = [...groupsOf(connectorOperationalLog, VALIDATED.connector), ...groupsOf(legacyConnectorLog, VALIDATED.legacy)];
    const pkiOps = iisLog.state === 'read' ? iisLog.digest.rows.filter((r) => r.operation === 'PKIOperation') : [];
    // Enrollments among them cannot be counted: the IIS log then shows no request that arrived.
    const unloggedQuery = iisLog.state === 'read' ? unloggedQueries(iisLog.digest.rows) : undefined;
    const unloggedStem = iisLog.state === 'read' ? unloggedStems(iisLog.digest) : undefined;
    const unlogged = [unloggedQuery, unloggedStem].filter(Boolean).join('; ') || undefined;
    const logFields = unloggedStem ? selectFields(unloggedQuery ? ['cs-uri-stem', 'cs-uri-query'] : ['cs-uri-stem']) : LOG_URI_QUERY;
    // Each issued certificate is logged twice, 4006 in the Operational log and 4000 in the Admin log (one event
    // per request): the channel with more of them counts. Each request is logged by IIS and by the connector alike.
    const issuedCount =
      Math.max(totalCount(groupsOf(connectorOperationalLog, [4006])), totalCount(groupsOf(connectorAdminLog, [4000]))) + totalCount(groupsOf(legacyConnectorLog, ISSUED.legacy));
    const receivedCount = totalCount(received);
    const pkiCount = totalCount(pkiOps);
    const lastIssued = lastSeen(issued);
    const lastRequest = Math.max(lastSeen(received) || -Infinity, lastSeen(pkiOps) || -Infinity);
    const validatedCount = totalCount(validated);
    const lastValidated = lastSeen(validated);
    const requests = Math.max(receivedCount, pkiCount, validatedCount);
    const evidence = {
      expected: 'a certificate issued (connector event 4006 or 4000, legacy 20600) after SCEP requests arrive',
      actual: `${issuedCount} issued${Number.isNaN(lastIssued) ? '' : `, last ${at(lastIssued)}`}; ${receivedCount} request(s) received by the connector, ${validatedCount} validated by Intune${Number.isNaN(lastValidated) ? '' : ` (last ${at(lastValidated)})`}, ${pkiCount} PKIOperation request(s) in the IIS log${Number.isFinite(lastRequest) ? `, last ${at(lastRequest)}` : ''}${unlogged ? `; not counted: ${unlogged}` : ''}`,
      codes: [...new Set([...issued, ...received, ...validated].map((g) => String(g.eventId)))],
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
    const refusedRemediation = { text: REFUSED_FIX, commands: remediation.commands, docs: LOG_DOCS.scepConfigure };
    if (issuedCount > 0) {
      const stale = (ms: number) => Number.isFinite(ms) && ms - lastIssued > RECENT_MS;
      if ((stale(lastValidated) || stale(lastRequest)) && issuanceNotes.length) return cannotTell();
      if (stale(lastValidated)) {
        return fail(
          `The last SCEP certificate was issued ${ago(lastIssued, now)} (${at(lastIssued)}), but requests that passed Intune validation kept arriving until ${at(lastValidated)}: issuance stopped.`,
          remediation,
          evidence,
        );
      }
      if (stale(lastRequest)) {
        return warn(
          `The last SCEP certificate was issued ${ago(lastIssued, now)} (${at(lastIssued)}); requests kept arriving until ${at(lastRequest)}, but none of those more than 24 hours after it ${VALIDATION_NOT_SHOWN}. The logs show: ${unvalidated(connectorOperationalLog, legacyConnectorLog, pkiOps, lastIssued + RECENT_MS)}. ${REFUSED_IS_NOT_STOPPED}`,
          refusedRemediation,
          evidence,
        );
      }
      return pass(`Last SCEP certificate issued ${ago(lastIssued, now)} (${at(lastIssued)}); ${issuedCount} issued in the logs.`, evidence);
    }
    if (requests > 0) {
      if (issuanceNotes.length) return cannotTell();
      if (validatedCount > 0) {
        return fail(
          `${validatedCount} SCEP request(s) passed Intune validation (last ${at(lastValidated)}), but no certificate was issued in the logs: no connector event 4006/4000 or legacy 20600.`,
          remediation,
          evidence,
        );
      }
      return warn(
        `${requests} SCEP request(s) reached this server (last ${at(lastRequest)}) and no certificate was issued in the logs, but none ${VALIDATION_NOT_SHOWN}. The logs show: ${unvalidated(connectorOperationalLog, legacyConnectorLog, pkiOps, NaN)}. ${REFUSED_IS_NOT_STOPPED}`,
        refusedRemediation,
        evidence,
      );
    }
    if (notes.length) return unreadableOutcome('SCEP issuance (no request or issuance in the logs that could be read)', notes, logs.map(([, f]) => f));
    return {
      status: 'skip',
      skipReason: 'no-data',
      message: unlogged
        ? `No SCEP request and no issued certificate in the connector logs of the window, and no enrollment known in the IIS log: ${unlogged}, so whether any was a PKIOperation is unknown. ${logFields}`
        : 'No SCEP request and no issued certificate in the logs of the window: nothing to judge issuance by (devices may simply not have enrolled).',
      evidence,
    };
  },
});
