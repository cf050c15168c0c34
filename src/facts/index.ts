import type { AsyncFactSpec, FactSpec } from './fact.js';
import { registryFacts } from './registry.js';
import { serverFacts } from './server.js';
import { connectorFacts } from './connector.js';
import { accountFacts } from './account.js';
import { iisFacts } from './iis.js';
import { tlsFacts } from './tls.js';
import { mscepFacts } from './mscep.js';
import { endpointFacts } from './endpoint.js';
import { rightsFacts } from './rights.js';
import { caFacts } from './ca.js';
import { intuneFacts } from './intune.js';
import { profileFacts } from './profile.js';
import { logFacts } from './logs.js';

/** Every fact a check can require. Area modules contribute their own. */
export const FACTS = {
  ...registryFacts,
  ...serverFacts,
  ...connectorFacts,
  ...accountFacts,
  ...iisFacts,
  ...tlsFacts,
  ...mscepFacts,
  ...endpointFacts,
  ...rightsFacts,
  ...caFacts,
  ...intuneFacts,
  ...profileFacts,
  ...logFacts,
} satisfies Record<string, FactSpec<unknown> | AsyncFactSpec<unknown>>;

export type FactName = keyof typeof FACTS;
export type Facts = {
  [K in FactName]: (typeof FACTS)[K] extends AsyncFactSpec<infer T> ? T : (typeof FACTS)[K] extends FactSpec<infer T> ? T : never;
};
