import type { AnyCheck } from './check.js';
import { AREAS } from './types.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

function matches(check: AnyCheck, term: string): boolean {
  const t = term.toLowerCase();
  return check.id.toLowerCase() === t || check.slug === t || check.area === t;
}

/** Applies --only and --skip (ids, slugs or areas). Unknown terms are a usage error, never ignored. */
export function selectChecks(all: readonly AnyCheck[], only: readonly string[], skip: readonly string[]): AnyCheck[] {
  for (const term of [...only, ...skip]) {
    if (!all.some((c) => matches(c, term))) {
      throw new UsageError(
        `Unknown check, slug or area "${term}". Areas: ${Object.keys(AREAS).join(', ')}. Run "ndes-doctor list" for check ids.`,
      );
    }
  }
  return all.filter((c) => (only.length === 0 || only.some((t) => matches(c, t))) && !skip.some((t) => matches(c, t)));
}
