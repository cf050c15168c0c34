import type { AnyCheck } from '../../engine/check.js';

export const mscepChecks: AnyCheck[] = [];
