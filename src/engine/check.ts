import type { FactName, Facts } from '../facts/index.js';
import type { CheckMeta, Outcome } from './types.js';

export interface CheckOptions {
  /** The name devices use to reach NDES from outside, when it differs from the server's FQDN. */
  externalName?: string;
}

export interface CheckContext {
  /** Injected so checks never read the clock. */
  now: Date;
  options: CheckOptions;
}

export interface CheckDefinition<R extends FactName = FactName> extends CheckMeta {
  requires: readonly R[];
  timeoutMs?: number;
  run(facts: Pick<Facts, R>, ctx: CheckContext): Outcome | Promise<Outcome>;
}

export type AnyCheck = CheckDefinition<FactName>;

export function defineCheck<R extends FactName>(def: CheckDefinition<R>): AnyCheck {
  return def as unknown as AnyCheck;
}

/** Each check's page ships inside the npm package, so the path works offline on the server. */
export function docsPath(id: string): string {
  return `docs/checks/${id}.md`;
}
