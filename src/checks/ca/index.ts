import type { AnyCheck } from '../../engine/check.js';
import caReachable from './ca-reachable.js';
import caEnterprise from './ca-enterprise.js';
import caSameForest from './ca-same-forest.js';
import caCertificateOutlivesTemplate from './ca-certificate-outlives-template.js';
import revocationRights from './revocation-rights.js';

export const caChecks: AnyCheck[] = [caReachable, caEnterprise, caSameForest, caCertificateOutlivesTemplate, revocationRights];
