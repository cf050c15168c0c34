#!/usr/bin/env node
// A static import: it starts faster than import().
import { main, runsHere } from '../dist/quick.js';

const argv = process.argv.slice(2);
await (runsHere(argv) ? main(argv) : (await import('../dist/ndes-doctor.js')).main(argv));
