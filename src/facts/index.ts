import type { FactSpec } from './fact.js';
import { registryFacts } from './registry.js';

/** Every fact a check can require. Area modules contribute their own. */
export const FACTS = {
  ...registryFacts,
} satisfies Record<string, FactSpec<unknown>>;

export type FactName = keyof typeof FACTS;
export type Facts = { [K in FactName]: (typeof FACTS)[K] extends FactSpec<infer T> ? T : never };
