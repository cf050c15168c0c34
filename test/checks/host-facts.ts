import { readFileSync } from 'node:fs';
import type { ArtifactId } from '../../src/collect/artifacts.js';
import type { RawArtifact } from '../../src/collect/manifest.js';
import type { AnyCheck, CheckContext } from '../../src/engine/check.js';
import type { Outcome } from '../../src/engine/types.js';
import { FACTS, type FactName, type Facts } from '../../src/facts/index.js';

/** A fixture under test/fixtures, or `absent` for an artifact `reg export` reported as not found. */
export type FixtureRef = string | 'absent';

export function readFixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
}

/** Derives a fact the way the runner does, from fixture files standing in for the bundle's artifacts. */
export function factFrom<N extends FactName>(name: N, files: Partial<Record<ArtifactId, FixtureRef>>): Facts[N] {
  const read = (id: ArtifactId): RawArtifact => {
    const ref = files[id];
    if (ref === undefined) return { status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: `the bundle has no ${id}` };
    if (ref === 'absent') return { status: 'not-found', file: id, message: 'ERROR: The system was unable to find the specified registry key or value.' };
    return { status: 'ok', file: ref, bytes: readFixture(ref), codePage: ref.includes('cp850') ? 850 : 437 };
  };
  return FACTS[name].derive(read) as Facts[N];
}

export const ctx: CheckContext = { now: new Date('2026-11-22T00:00:00Z'), options: {} };

export async function runCheck(check: AnyCheck, facts: Partial<Facts>, context: CheckContext = ctx): Promise<Outcome> {
  return check.run(facts as Facts, context);
}

/** The current connector, alone: what the checks of its settings need to find before they judge anything. */
export const currentConnector = factFrom('connectorInstall', {
  'connector.uninstall': 'registry/uninstall-current.reg',
  'connector.uninstall-wow64': 'registry/uninstall-wow64-none.reg',
});
