import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../../src/parse/text.js';

/** Real captures of Windows tool output (sources and licences in test/fixtures/real/README.md). */
export const REAL_DIR = join(import.meta.dirname, '..', 'fixtures', 'real');

export const realBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(join(REAL_DIR, path)));

export const realText = (path: string): string => decodeText(realBytes(path));
