import type { AnyCheck } from '../../engine/check.js';

export const accountChecks: AnyCheck[] = [];
