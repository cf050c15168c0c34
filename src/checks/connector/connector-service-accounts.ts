import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { lookupError, memberSids, SID } from '../account/pool-principal.js';
import { adFindings, unreadAttributes } from '../account/service-account-ad-status.js';
import { holderFor, holderText } from '../account/user-rights.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from './current.js';

/** The updater runs as SYSTEM whatever the wizard was told; the others run as the configured account. */
const UPDATER = 'azureadconnectagentupdater';
const isSystem = (name: string) => /^(localsystem|nt authority\\system|\.\\localsystem)$/i.test(name.trim());
const isBuiltIn = (name: string) => /^nt authority\\(network ?service|local ?service)$/i.test(name.trim());
const sameAccount = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export default defineCheck({
  id: 'NDES-CON-007',
  slug: 'connector-service-accounts',
  area: 'connector',
  title: 'The connector services run as the account the connector is configured for, with its logon right',
  severity: 'high',
  requires: ['connectorServiceLogons', 'connectorAccountConfig', 'userRights', 'adAccounts', 'usersGroup', 'administratorsGroup', 'connectorInstall'],
  run({ connectorServiceLogons, connectorAccountConfig: config, userRights, adAccounts, usersGroup, administratorsGroup, connectorInstall }, { now }): Outcome {
    if (!connectorInstall.current) return noCurrentConnector();
    const services = connectorServiceLogons.services.filter((s) => s.name.toLowerCase() !== UPDATER && s.startName);
    if (services.length === 0) return notApplicable('No connector service other than the updater exists (see NDES-CON-003).');
    const accounts = [...new Map(services.map((s) => [s.startName!.trim().toLowerCase(), s.startName!.trim()])).values()];
    const problems: string[] = [];
    const mismatches: string[] = [];
    const notAdmin: string[] = [];
    const toAdd: string[] = [];
    for (const name of accounts) {
      const users = services.filter((s) => sameAccount(s.startName!, name)).map((s) => s.name);
      if (isSystem(name) || isBuiltIn(name)) continue;
      const record = adAccounts.accounts.find((a) => a.role.startsWith('service:') && sameAccount(a.name, name));
      if (!record) return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${adAccounts.source} has no entry for the connector account ${name}; collect again with this version.` };
      if (record.error || !record.sid) return lookupError(record, 'The connector account');
      const member = memberSids([record.sid, ...record.tokenGroups], { users: usersGroup, administrators: administratorsGroup });
      const names = [record.name, record.samAccountName ?? ''];
      const denied = holderFor(userRights, 'SeDenyServiceLogonRight', member, names);
      if (denied) problems.push(`${name} (${users.join(', ')}) is denied Log on as a service through ${holderText(denied)}`);
      else if (!holderFor(userRights, 'SeServiceLogonRight', member, names)) problems.push(`${name} (${users.join(', ')}) lacks Log on as a service (SeServiceLogonRight)`);
      for (const f of adFindings(record, now, [])) problems.push(`${name} ${f.text}`);
      const unread = unreadAttributes(record);
      if (unread.length) mismatches.push(`Active Directory returned no ${unread.map((u) => u.attribute).join(' and ')} for ${name}, so ${unread.map((u) => u.tells).join(', and ')} was not read`);
      if (!member.has(SID.administrators)) {
        toAdd.push(name);
        notAdmin.push(`${name} (${users.join(', ')}) is not a member of the local Administrators group, directly or through its groups; Microsoft supports a domain account as the connector service account only when it is an administrator on the server`);
      }
    }
    if (config.installed && config.useSystemAccount === true) {
      const off = services.filter((s) => !isSystem(s.startName!));
      if (off.length) mismatches.push(`the connector is configured for SYSTEM (UseSystemAccount=1), but ${off.map((s) => `${s.name} runs as ${s.startName}`).join(', ')}`);
    } else if (config.installed && config.username) {
      const off = services.filter((s) => !sameAccount(s.startName!, config.username!));
      if (off.length) mismatches.push(`the connector is configured for ${config.username}, but ${off.map((s) => `${s.name} runs as ${s.startName}`).join(', ')}`);
    }
    if (accounts.length > 1) mismatches.push(`the services run as different accounts (${accounts.join(', ')})`);
    mismatches.push(...notAdmin);
    const evidence = {
      expected: 'every connector service as LocalSystem or as the configured domain account, which holds Log on as a service, is a local administrator and is usable in AD',
      actual: services.map((s) => `${s.name}: ${s.startName}`).join('; '),
      source: `${connectorServiceLogons.source}, ${config.source}, ${userRights.source}, ${administratorsGroup.source}`,
    };
    const remediation = {
      text:
        'Run the connector configuration wizard again (PFXCertificateConnectorUI.exe, elevated) and choose SYSTEM or the domain account on the Service Account page, so every service gets the same account; ' +
        'give a domain account "Log on as a service" (secpol.msc > User Rights Assignment, or the GPO that sets it), make it a member of the local Administrators group, and keep it enabled, unlocked and its password current.',
      commands: [
        powershell('Get-CimInstance Win32_Service -Filter "Name LIKE \'%Connector%\'" | Select-Object Name,StartName,State'),
        ...toAdd.map((a) => powershell(`Add-LocalGroupMember -SID S-1-5-32-544 -Member "${a}"`)),
        powershell('& "C:\\Program Files\\Microsoft Intune\\PFXCertificateConnector\\ConnectorUI\\PFXCertificateConnectorUI.exe"'),
      ],
      docs: LINKS.connectorInstall,
    };
    if (problems.length) return fail(`Connector service account: ${problems.join('; ')}. The services cannot start or cannot act on the CA.`, remediation, evidence);
    if (mismatches.length) return warn(`Connector service account: ${mismatches.join('; ')}.`, remediation, evidence, 'medium');
    return pass(`The connector services run as ${accounts.join(', ')}, as configured.`, evidence);
  },
});
