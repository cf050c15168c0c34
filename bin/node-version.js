/** The oldest Node.js the built CLI runs on; package.json `engines` says the same (a test keeps them equal). */
export const MINIMUM_NODE = '22.19.0';

/** Whether a Node.js version (`22.23.3` or `v22.23.3`) is at least MINIMUM_NODE. */
export function isSupportedNode(version) {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = MINIMUM_NODE.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i];
  }
  return true;
}
