#!/usr/bin/env node
// Static imports start faster than import(). They run in this order, so an unsupported Node.js is
// refused before any of the CLI's code runs.
import './supported-node.js';
import { main } from '../dist/quick.js';

// dist/quick.js holds all that these need in one file; every other command starts through the
// code-split build, which loads that command's code.
const QUICK = new Set([undefined, '-h', '--help', 'help', '-V', '--version', 'list', 'explain']);
const argv = process.argv.slice(2);
await (QUICK.has(argv[0]) ? main(argv) : (await import('../dist/ndes-doctor.js')).main(argv));
