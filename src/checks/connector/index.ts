import type { AnyCheck } from '../../engine/check.js';

export const connectorChecks: AnyCheck[] = [];
