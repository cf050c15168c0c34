// Runs a command with a supported Node.js first on PATH, so `npm test` and `npm start` work on a
// machine whose own Node is older (the built CLI and vitest need 22.19+): it then uses npm's
// node-<platform>-<arch> of the exe's version, fetched once into node_modules/.cache.
//
//   node scripts/with-supported-node.mjs <command> [args...]
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSupportedNode } from '../bin/node-version.js';
import { nodeBinary } from './node-binary.mjs';

const [command, ...args] = process.argv.slice(2);
let path = process.env.PATH ?? '';
if (!isSupportedNode(process.versions.node)) {
  process.chdir(fileURLToPath(new URL('..', import.meta.url)));
  const { exeNodeVersion } = JSON.parse(await readFile('package.json', 'utf8'));
  process.stderr.write(`Node.js ${process.version} is older than ndes-doctor supports; using Node.js ${exeNodeVersion} from npm's node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}.\n`);
  path = `${dirname(await nodeBinary(exeNodeVersion))}${delimiter}${path}`;
}
const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PATH: path }, shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
