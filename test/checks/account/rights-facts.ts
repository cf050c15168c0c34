import { factFrom } from '../host-facts.js';

export const ad = (f: string) => factFrom('adAccounts', { 'account.ad-accounts': `ad-accounts/${f}` });
export const rights = (f: string) => factFrom('userRights', { 'account.user-rights': `secedit/${f}` });
export const users = factFrom('usersGroup', { 'account.users': 'powershell/users-default.json' });
export const admins = factFrom('administratorsGroup', { 'account.administrators': 'powershell/administrators-clean.json' });
export const adminsWithSvc = factFrom('administratorsGroup', { 'account.administrators': 'powershell/administrators-de-with-svc.json' });
export const iusrs = factFrom('iisIusrsGroup', { 'account.iis-iusrs': 'powershell/iis-iusrs-with-svc.json' });
export const iusrsWithout = factFrom('iisIusrsGroup', { 'account.iis-iusrs': 'powershell/iis-iusrs-without-svc.json' });
