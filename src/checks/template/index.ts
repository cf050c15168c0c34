import type { AnyCheck } from '../../engine/check.js';
import clientAuthEku from './client-auth-eku.js';
import enrollRights from './enroll-rights.js';
import nonRepudiation from './non-repudiation.js';
import publishToAd from './publish-to-ad.js';
import publishedOnCa from './published-on-ca.js';
import schemaVersion from './schema-version.js';
import subjectSupplied from './subject-supplied.js';
import validityPeriod from './validity-period.js';

export const templateChecks: AnyCheck[] = [
  schemaVersion,
  subjectSupplied,
  clientAuthEku,
  nonRepudiation,
  publishToAd,
  validityPeriod,
  publishedOnCa,
  enrollRights,
];
