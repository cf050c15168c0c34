import { CHECKS } from '../../checks/index.js';
import { AREAS } from '../../engine/types.js';
import { lookupKnowledge } from '../../knowledge/index.js';
import { KNOWLEDGE_KINDS, type KnowledgeEntry } from '../../knowledge/types.js';
import { CliError } from '../errors.js';

/** Explains a check (id or slug), a connector event ID or diagnostic code, an NDES event, or an HTTP status. */
export function explain(term: string): string {
  const t = term.trim().toLowerCase();
  const check = CHECKS.find((c) => c.id.toLowerCase() === t || c.slug === t);
  const blocks: string[] = [];
  if (check) {
    blocks.push(
      [
        `${check.id} ${check.slug}`,
        check.title,
        `area: ${AREAS[check.area].title} · severity: ${check.severity}`,
        `details and fix: docs/checks/${check.id}.md`,
      ].join('\n'),
    );
  }
  for (const entry of lookupKnowledge(term)) blocks.push(formatEntry(entry));
  if (!blocks.length) {
    throw new CliError(
      `Nothing known as "${term}". Try a check id (ndes-doctor list), a connector event ID (1001), a diagnostic code (0x00000411) or an HTTP status (404.15).`,
    );
  }
  return blocks.join('\n\n') + '\n';
}

function formatEntry(e: KnowledgeEntry): string {
  return [
    `${e.code} ${e.name}`,
    KNOWLEDGE_KINDS[e.kind],
    '',
    e.meaning,
    '',
    'Likely causes:',
    ...e.causes.map((c) => `  - ${c}`),
    '',
    `Fix: ${e.fix}`,
    `Docs: ${e.docs}`,
  ].join('\n');
}
