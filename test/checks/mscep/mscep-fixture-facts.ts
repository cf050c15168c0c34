import { readFileSync } from 'node:fs';
import { ARTIFACTS, type ArtifactId } from '../../../src/collect/artifacts.js';
import type { RawArtifact } from '../../../src/collect/manifest.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import type { Outcome } from '../../../src/engine/types.js';
import type { Facts } from '../../../src/facts/index.js';
import { mscepFacts } from '../../../src/facts/mscep.js';
import { ctx } from '../fixture-facts.js';

/** Fixture paths below test/fixtures, e.g. `registry/mscep-intune.reg`; `null` = collected, not found. */
export type FixtureFiles = Partial<Record<ArtifactId, string | null>>;

export function reader(files: FixtureFiles, codePage = 437): (id: ArtifactId) => RawArtifact {
  return (id) => {
    const name = files[id];
    if (name === null) return { status: 'not-found', file: ARTIFACTS[id].files[0], message: 'ERROR: The system was unable to find the specified registry key or value.' };
    if (name === undefined) return { status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: `the bundle has no ${ARTIFACTS[id].files[0]}` };
    const bytes = new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
    return { status: 'ok', file: ARTIFACTS[id].files[0], bytes, codePage };
  };
}

type MscepFactName = keyof typeof mscepFacts;

/** The MSCEP and template facts derived as the runner derives them; a fact that cannot be derived throws when read. */
export function facts(files: FixtureFiles, codePage?: number): Pick<Facts, MscepFactName> {
  const read = reader(files, codePage);
  const out = {} as Record<MscepFactName, unknown>;
  for (const name of Object.keys(mscepFacts) as MscepFactName[]) {
    Object.defineProperty(out, name, { enumerable: true, get: () => mscepFacts[name].derive(read) });
  }
  return out as Pick<Facts, MscepFactName>;
}

export const run = (check: AnyCheck, f: Partial<Facts>) => check.run(f as never, ctx) as Outcome;

export const HEALTHY: FixtureFiles = {
  'registry.mscep': 'registry/mscep-intune.reg',
  'certutil.dstemplate': 'certutil/dstemplate-en.txt',
  'certutil.catemplates': 'certutil/catemplates-en.txt',
  'iis.applicationhost': 'iis-config/applicationHost.healthy.config',
};
