import type { IisConfigFact, IisSite } from '../../facts/iis-types.js';
import { findScepSite as findIn } from '../../parse/iis-config.js';

/** The site that hosts the NDES application (`Default Web Site` unless renamed or localized). */
export function findScepSite(config: IisConfigFact): IisSite | undefined {
  return findIn(config.sites);
}
