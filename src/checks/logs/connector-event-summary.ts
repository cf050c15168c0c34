import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, powershell } from '../../engine/outcome.js';
import type { EventDigest, EventGroup } from '../../facts/log-digests.js';
import type { LogFact } from '../../facts/logs.js';
import { describeCode } from '../../knowledge/index.js';
import type { KnowledgeKind } from '../../knowledge/types.js';
import {
  at,
  byRecency,
  claimedBy,
  CONNECTOR_CLAIMS,
  groupDetails,
  groupLine,
  knowledge,
  lastSeen,
  LEGACY_CLAIMS,
  LOG_DOCS,
  latestData,
  problemLevel,
  unreadableNotes,
  unreadableOutcome,
} from './common.js';

interface Channel {
  name: string;
  fact: LogFact<EventDigest>;
  kind: KnowledgeKind;
  claims: Record<string, readonly number[]>;
}

/** Every event ID of one ID in all channels, summed: `4005 ScepVerifyFailure ×12`. */
function inventory(channels: readonly Channel[]): string[] {
  const counts = new Map<string, number>();
  for (const c of channels) {
    if (c.fact.state !== 'read') continue;
    for (const g of c.fact.digest.groups) counts.set(String(g.eventId), (counts.get(String(g.eventId)) ?? 0) + g.count);
  }
  return [...counts.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([id, n]) => `${describeCode(id) ?? id} ×${n}`);
}

export default defineCheck({
  id: 'NDES-LOG-001',
  slug: 'connector-event-summary',
  area: 'logs',
  title: 'Connector event logs: every event ID counted, and no failure left unexplained',
  severity: 'medium',
  requires: ['connectorAdminLog', 'connectorOperationalLog', 'legacyConnectorLog'],
  run({ connectorAdminLog, connectorOperationalLog, legacyConnectorLog }, ctx) {
    const channels: Channel[] = [
      { name: 'Microsoft-Intune-CertificateConnectors/Admin', fact: connectorAdminLog, kind: 'connector-event', claims: CONNECTOR_CLAIMS },
      { name: 'Microsoft-Intune-CertificateConnectors/Operational', fact: connectorOperationalLog, kind: 'connector-event', claims: CONNECTOR_CLAIMS },
      { name: 'Microsoft Intune Connector (legacy)', fact: legacyConnectorLog, kind: 'legacy-connector-event', claims: LEGACY_CLAIMS },
    ];
    const notes = unreadableNotes(channels.map((c) => [c.name, c.fact] as const));
    if (channels.every((c) => c.fact.state === 'absent')) {
      return notApplicable('No connector event log exists on this server, neither that of the Certificate Connector for Microsoft Intune nor that of the legacy Microsoft Intune Connector (NDES-CON-001 says whether a connector is installed).');
    }
    const unexplained: { g: EventGroup; channel: Channel; level: 'error' | 'warning' }[] = [];
    const explained = new Map<string, number>();
    for (const c of channels) {
      if (c.fact.state !== 'read') continue;
      for (const g of c.fact.digest.groups) {
        const level = problemLevel(g, c.kind);
        if (!level) continue;
        const owner = claimedBy(c.claims, g.eventId);
        if (owner) explained.set(owner, (explained.get(owner) ?? 0) + g.count);
        else unexplained.push({ g, channel: c, level });
      }
    }
    const read = channels.filter((c) => c.fact.state === 'read');
    const events = read.reduce((n, c) => n + (c.fact.state === 'read' ? c.fact.digest.events : 0), 0);
    const ids = inventory(channels);
    const pointers = [...explained.entries()].map(([id, n]) => `${n} failure event(s) explained by ${id}`);
    const evidence = {
      actual: ids.length ? ids.join('; ') : 'no events in the window',
      source: read.map((c) => (c.fact.state === 'read' ? c.fact.source : '')).join(', '),
      codes: unexplained.map(({ g }) => String(g.eventId)),
      details: {
        channels: read.map((c) => ({ channel: c.name, events: c.fact.state === 'read' ? c.fact.digest.events : 0 })),
        ...(pointers.length ? { explainedElsewhere: pointers } : {}),
        ...(notes.length ? { unreadable: notes } : {}),
        unexplained: groupDetails(unexplained.map((u) => u.g)),
      },
    };
    if (unexplained.length) {
      const lines = unexplained.map(({ g, channel }) => {
        const entry = knowledge(channel.kind, String(g.eventId));
        return `${groupLine(g, describeCode(String(g.eventId)) ?? `event ${g.eventId} (${g.provider})`)} in ${channel.name}; latest: ${latestData(g)}${entry ? `. ${entry.meaning}` : ''}`;
      });
      const fixes = [...new Set(unexplained.map(({ g, channel }) => knowledge(channel.kind, String(g.eventId))?.fix).filter((f): f is string => !!f))];
      const remediation = {
        text: `${fixes.join(' ') || 'Read the event details in Event Viewer (Applications and Services Logs > Microsoft > Intune > CertificateConnectors).'} \`ndes-doctor explain <event ID>\` gives the meaning and fix of each ID.`,
        commands: [powershell("Get-WinEvent -LogName 'Microsoft-Intune-CertificateConnectors/Admin','Microsoft-Intune-CertificateConnectors/Operational' -MaxEvents 50 | Where-Object Level -le 3 | Format-List TimeCreated, Id, Message")],
        docs: unexplained.some((u) => u.channel.kind === 'legacy-connector-event') ? LOG_DOCS.legacyEvents : LOG_DOCS.connectorOverview,
      };
      const last = lastSeen(unexplained.filter((u) => u.level === 'error').map((u) => u.g));
      const message = `The connector logged ${unexplained.reduce((n, u) => n + u.g.count, 0)} failure event(s) no other check explains: ${lines.join(' | ')}.`;
      if (Number.isNaN(last)) return { status: 'warn', message, remediation, evidence };
      return byRecency(last, ctx.now, message, remediation, evidence);
    }
    if (notes.length) return unreadableOutcome('every connector event log', notes, channels.map((c) => c.fact));
    const span = read.map((c) => (c.fact.state === 'read' && c.fact.digest.events ? `${c.name} from ${at(c.fact.digest.firstMs)}` : '')).filter(Boolean);
    return pass(
      `${events} connector event(s) read${span.length ? ` (${span.join('; ')})` : ''}; no failure other than those the following log checks explain${pointers.length ? ` (${pointers.join(', ')})` : ''}.`,
      evidence,
    );
  },
});
