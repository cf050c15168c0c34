/**
 * Check docs pages compiled into the standalone executable, keyed by their path in the package
 * (docs/checks/<ID>.md). scripts/build-exe.mjs replaces this module; the npm package ships docs/
 * and reads the pages from disk instead, so here it is empty.
 */
export const EMBEDDED_DOCS: Readonly<Record<string, string>> = {};
