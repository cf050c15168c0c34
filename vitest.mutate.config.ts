import { defineConfig } from 'vitest/config';

// The suites that exercise src/checks and src/parse in-process, for `npm run mutate`: the CLI,
// network, browser and Wine suites run the built dist/, which a mutant of src/ never reaches.
export default defineConfig({
  test: {
    // MUTATE_TESTS=test/checks/tls narrows the run to one area's suites (folders or files, comma
    // separated): the example-bundle suites run every check, so with them each mutant costs seconds.
    include: process.env.MUTATE_TESTS
      ? process.env.MUTATE_TESTS.split(',').map((p) => (p.endsWith('.ts') ? p : `${p}/**/*.test.ts`))
      : ['test/checks/**/*.test.ts', 'test/parse/**/*.test.ts', 'test/facts/**/*.test.ts', 'test/knowledge/**/*.test.ts'],
    // That suite scans the source text of src/checks, which Stryker rewrites beyond recognition.
    exclude: ['test/checks/remediation-shells.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
