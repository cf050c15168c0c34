import { readFileSync } from 'node:fs';
import type { RawArtifact } from '../../src/collect/manifest.js';
import type { AnyCheck, CheckContext } from '../../src/engine/check.js';
import type { Facts } from '../../src/facts/index.js';
import { registryFacts, type RegistryKeyFact } from '../../src/facts/registry.js';
import { decodeText } from '../../src/parse/text.js';

/** A registry fact built the way the runner builds it: from the bytes of a fixture file. */
export function registryFactFromFixture(fact: keyof typeof registryFacts, fixture: string): RegistryKeyFact {
  const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/registry/${fixture}`, import.meta.url)));
  const raw: RawArtifact = { status: 'ok', file: `registry/${fixture}`, bytes, codePage: 437 };
  return registryFacts[fact].derive(() => raw);
}

/** A fixture with one edit, written back as `reg export` writes (UTF-16LE with a BOM). */
export function editedRegistryFact(fact: keyof typeof registryFacts, fixture: string, edit: (text: string) => string): RegistryKeyFact {
  const text = edit(decodeText(new Uint8Array(readFileSync(new URL(`../fixtures/registry/${fixture}`, import.meta.url)))));
  const bytes = new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
  return registryFacts[fact].derive(() => ({ status: 'ok', file: `registry/${fixture}`, bytes, codePage: 437 }));
}

/** The fact for a key that `reg export` reported as absent. */
export function absentRegistryFact(fact: keyof typeof registryFacts): RegistryKeyFact {
  const raw: RawArtifact = { status: 'not-found', file: 'registry/x.reg', message: 'ERROR: The system was unable to find the specified registry key or value.' };
  return registryFacts[fact].derive(() => raw);
}

export const ctx: CheckContext = { now: new Date('2026-11-22T00:00:00Z'), options: {} };

/** defineCheck erases which facts a check requires, so tests pass just the ones it reads. */
export function runCheck(check: AnyCheck, facts: Partial<Facts>) {
  return check.run(facts as Facts, ctx);
}
