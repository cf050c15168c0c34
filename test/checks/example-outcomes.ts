import { openBundle } from '../../src/collect/bundle.js';
import type { AnyCheck } from '../../src/engine/check.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Outcome } from '../../src/engine/types.js';

/** What a user reads of an outcome: status, words, evidence and fix; a string (why a fact could not be derived) as it is. */
export const shown = (o: Outcome | string) =>
  typeof o === 'string' ? o : { status: o.status, message: o.message, evidence: o.evidence, remediation: 'remediation' in o ? o.remediation : undefined };

/**
 * What a user reads for each check of `checks` on examples/<example>, judged as of its collection
 * time as `check --bundle` does: status, message, evidence and remediation, by check ID. The run
 * time is left out, as is the catalogue text that lives in the check's definition.
 */
export async function exampleOutcomes(checks: readonly AnyCheck[], example: 'healthy' | 'broken') {
  const source = await openBundle(new URL(`../../examples/${example}`, import.meta.url).pathname);
  const context = { now: new Date(source.manifest.collectedAt), options: {} };
  const results = await runChecks(checks, source, { concurrency: 2, checkTimeoutMs: 20_000, deadline: Date.now() + 60_000, context });
  return Object.fromEntries(
    results.map((r) => [r.id, { status: r.status, message: r.message, evidence: r.evidence, remediation: r.remediation, skipReason: r.skipReason, error: r.error?.code }]),
  );
}
