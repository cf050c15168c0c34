/**
 * Whether an outside program a suite runs is installed. Missing on a developer machine: the suite
 * is skipped and a warning says why. Missing in CI (CI set, as .ci/run and CI services do): .ci/run
 * installs every such package, so a missing one is a broken setup and the file fails instead of
 * passing with the suite silently skipped.
 */
export function installed(what: string, present: boolean, aptPackage: string): boolean {
  if (present) return true;
  const why = `${what} is not installed (apt-get install -y ${aptPackage}; .ci/run installs it)`;
  if (process.env.CI) throw new Error(`${why}. CI must run this suite, not skip it.`);
  console.warn(`Skipping: ${why}.`);
  return false;
}

/** A suite name that states why it was skipped, so the reason shows in the test report too. */
export function suiteName(name: string, present: boolean, aptPackage: string): string {
  return present ? name : `${name} (skipped: needs ${aptPackage}, which .ci/run installs)`;
}
