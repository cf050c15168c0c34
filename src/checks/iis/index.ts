import type { AnyCheck } from '../../engine/check.js';
import httpsBinding from './https-binding.js';
import mscepAdminExposure from './mscep-admin-exposure.js';
import requestFilteringMaxQueryString from './request-filtering-max-query-string.js';
import requestFilteringMaxUrl from './request-filtering-max-url.js';
import scepAppPool from './scep-app-pool.js';
import scepWindowsAuthentication from './scep-windows-authentication.js';

export const iisChecks: AnyCheck[] = [
  requestFilteringMaxUrl,
  requestFilteringMaxQueryString,
  httpsBinding,
  scepAppPool,
  scepWindowsAuthentication,
  mscepAdminExposure,
];
