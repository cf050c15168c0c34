import type { ScepProfile } from '../parse/scep-profile.js';
import { defineFact, FactError } from './fact.js';

/**
 * The Intune SCEP profile under lint. It is not read from a bundle: `lint-profile` parses it from
 * Graph JSON or flags and hands it to the runner, so a server check never sees one.
 */
export const profileFacts = {
  profile: defineFact<ScepProfile>({
    artifacts: [],
    derive() {
      throw new FactError('E_FACT_UNAVAILABLE', 'no SCEP profile was given: the NDES-PRF checks run with "ndes-doctor lint-profile <profile.json>".');
    },
  }),
};
