import { isSupportedNode, MINIMUM_NODE } from '../../bin/node-version.js';

// On an older Node the built CLI fails deep inside a library; say what is needed instead.
if (!isSupportedNode(process.versions.node)) {
  process.stderr.write(
    `ndes-doctor needs Node.js ${MINIMUM_NODE} or later; this is ${process.version}, whose line no longer gets security fixes. ` +
      'Install a maintained Node.js (https://nodejs.org) or use the standalone ndes-doctor.exe.\n',
  );
  process.exit(3);
}
