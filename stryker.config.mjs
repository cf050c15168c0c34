// `npm run mutate`: mutation testing of the rules (src/checks) and parsers (src/parse).
// Incremental: only mutants in changed code, or whose tests changed, run again; the first run takes
// the longest. `npm run mutate -- --mutate 'src/checks/tls/**/*.ts'` limits it to one area.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: ['src/checks/**/*.ts', 'src/parse/**/*.ts', '!src/checks/index.ts', '!src/checks/*/index.ts'],
  coverageAnalysis: 'perTest',
  // Only TypeScript: the HTML captures under test/fixtures are data, not code to rewrite.
  disableTypeChecks: '{src,test}/**/*.ts',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewrite; vitest needs no tsconfig here.
  tsconfigFile: '',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
