import { readFileSync } from 'node:fs';
import type { AnyCheck, CheckContext } from '../../../src/engine/check.js';
import type { Outcome } from '../../../src/engine/types.js';
import type { Facts } from '../../../src/facts/index.js';
import { parseGraphProfile, profileFromFlags, type ProfileFlags, type ScepProfile } from '../../../src/parse/scep-profile.js';
import { decodeText } from '../../../src/parse/text.js';
import { ctx } from '../fixture-facts.js';

/** A profile from one of the Graph fixtures in test/fixtures/graph-profiles. */
export function graph(name: string, select?: string): ScepProfile {
  const bytes = new Uint8Array(readFileSync(new URL(`../../fixtures/graph-profiles/${name}`, import.meta.url)));
  return parseGraphProfile(decodeText(bytes), `graph-profiles/${name}`, select);
}

/** What a careful administrator enters for Windows users: every check passes on it. */
export const WINDOWS_USER: ProfileFlags = {
  platform: 'windows',
  certType: 'user',
  subject: 'CN={{UserName}},E={{EmailAddress}}',
  san: ['upn={{UserPrincipalName}}', 'uri={{OnPremisesSecurityIdentifier}}'],
  validity: '1y',
  renewalThreshold: '20',
  scepUrl: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  keySize: '2048',
  keyUsage: 'digital-signature,key-encipherment',
  hash: 'sha2',
  eku: ['client-auth'],
};

/** The Windows user profile with some flags changed (undefined removes one). */
export function flags(changes: Partial<ProfileFlags> = {}): ScepProfile {
  return profileFromFlags({ ...WINDOWS_USER, ...changes });
}

export function run(check: AnyCheck, facts: Partial<Facts>, context: CheckContext = ctx): Outcome {
  return check.run(facts as never, context) as Outcome;
}

/** Runs a profile-only check on a profile. */
export const lint = (check: AnyCheck, profile: ScepProfile, context?: CheckContext) => run(check, { profile }, context);
