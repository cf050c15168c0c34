import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds dist/ once, before any test file starts. The CLI, pack and Wine suites run the built CLI;
 * when each built for itself in beforeAll, one suite's rebuild could prune or replace chunks while
 * another suite's CLI was loading them. `npm test` has just built, so it is not done twice.
 */
export default function setup(): void {
  if (process.env.npm_lifecycle_event === 'test:suite') return;
  const root = fileURLToPath(new URL('../', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit', timeout: 120_000 });
}
