#!/usr/bin/env node
import { main } from '../dist/ndes-doctor.js';

await main(process.argv.slice(2));
