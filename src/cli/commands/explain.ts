import { readFileSync } from 'node:fs';
import { CHECK_METADATA } from '../../checks/catalogue.js';
import { docsPath } from '../../engine/check.js';
import { AREAS, type CheckMeta } from '../../engine/types.js';
import { describeCode, lookupKnowledge } from '../../knowledge/index.js';
import { KNOWLEDGE_KINDS, KNOWLEDGE_SOURCES, type KnowledgeEntry } from '../../knowledge/types.js';
import { EMBEDDED_DOCS } from '../embedded-docs.js';
import { CliError } from '../errors.js';

// The package root (which ships docs/) is an ancestor of this module: one level up from
// dist/quick.js or dist/ndes-doctor.cjs, three from src/cli/commands/ in tests.
const PACKAGE_ROOTS = [1, 3].map((n) => new URL('../'.repeat(n), import.meta.url));

export interface ExplainOptions {
  json?: boolean;
  /** Where docs/checks/ lives; defaults to the nearest ancestor of this module that has it. */
  packageRoots?: readonly URL[];
}

/** Explains a check (id or slug), a connector event ID or diagnostic code, an NDES event, or an HTTP status. */
export function explain(term: string, opts: ExplainOptions = {}): string {
  const t = term.trim().toLowerCase();
  const checks = CHECK_METADATA.filter((c) => c.id.toLowerCase() === t || c.slug === t);
  const entries = lookupKnowledge(term);
  if (!checks.length && !entries.length) {
    throw new CliError(
      `Nothing known as "${term}". Try a check id (ndes-doctor list), a connector event ID (1001), a diagnostic code (0x00000411), an NDES event ID (31), an HTTP status (404.15) or a Windows error code (0x80094012).`,
    );
  }
  const roots = opts.packageRoots ?? PACKAGE_ROOTS;
  if (opts.json) {
    const matches = [
      ...checks.map((c) => ({ type: 'check' as const, ...checkJson(c), page: readDocsPage(roots, c.id) ?? null })),
      ...entries.map((e) => ({ type: 'knowledge' as const, kindTitle: KNOWLEDGE_KINDS[e.kind], ...e })),
    ];
    return JSON.stringify({ query: term, matches }, null, 2) + '\n';
  }
  const blocks = [...checks.map((c) => formatCheck(c, readDocsPage(roots, c.id))), ...entries.map(formatEntry)];
  return blocks.join('\n\n') + '\n';
}

function checkJson(c: CheckMeta) {
  return { id: c.id, slug: c.slug, title: c.title, area: c.area, areaTitle: AREAS[c.area].title, severity: c.severity, docs: docsPath(c.id) };
}

/** The check's docs page, or undefined when the package ships without it. */
function readDocsPage(roots: readonly URL[], id: string): string | undefined {
  const embedded = EMBEDDED_DOCS[docsPath(id)];
  if (embedded !== undefined) return embedded;
  for (const root of roots) {
    try {
      return readFileSync(new URL(docsPath(id), root), 'utf8');
    } catch {
      // Not under this candidate root; try the next one.
    }
  }
  return undefined;
}

function formatCheck(c: CheckMeta, page: string | undefined): string {
  const head = [`${c.id} ${c.slug}`, c.title, `area: ${AREAS[c.area].title} · severity: ${c.severity}`];
  return page === undefined ? [...head, `details and fix: ${docsPath(c.id)}`].join('\n') : [...head, '', page.trimEnd()].join('\n');
}

function formatEntry(e: KnowledgeEntry): string {
  const lines = [`${e.code} ${e.name}`, KNOWLEDGE_KINDS[e.kind]];
  if (e.source === 'community') lines.push(`Source: ${KNOWLEDGE_SOURCES.community}`);
  lines.push('', e.meaning, '', 'Likely causes:', ...e.causes.map((c) => `  - ${c}`), '', `Fix: ${e.fix}`);
  if (e.related?.length) lines.push(`Related codes: ${e.related.map((r) => describeCode(r) ?? r).join(', ')}`);
  if (e.aliases?.length) lines.push(`Also written: ${e.aliases.join(', ')}`);
  lines.push(`Docs: ${e.docs}`);
  return lines.join('\n');
}
