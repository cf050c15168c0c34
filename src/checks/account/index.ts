import type { AnyCheck } from '../../engine/check.js';
import scepAppPoolIdentity from './scep-app-pool-identity.js';
import iisIusrsMember from './iis-iusrs-member.js';
import notLocalAdministrator from './not-local-administrator.js';
import httpSpn from './http-spn.js';
import serviceAccountAdStatus from './service-account-ad-status.js';
import iisIusrsImpersonate from './iis-iusrs-impersonate.js';
import serviceAccountLogonRights from './service-account-logon-rights.js';

export const accountChecks: AnyCheck[] = [scepAppPoolIdentity, iisIusrsMember, notLocalAdministrator, httpSpn, serviceAccountAdStatus, iisIusrsImpersonate, serviceAccountLogonRights];
