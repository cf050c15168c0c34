import type { AnyCheck } from '../../engine/check.js';

export const iisChecks: AnyCheck[] = [];
