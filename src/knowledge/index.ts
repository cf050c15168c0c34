import type { KnowledgeEntry } from './types.js';

export const KNOWLEDGE: readonly KnowledgeEntry[] = [];

export function lookupKnowledge(term: string): KnowledgeEntry[] {
  const t = term.trim().toLowerCase();
  return KNOWLEDGE.filter((e) => e.code.toLowerCase() === t);
}
