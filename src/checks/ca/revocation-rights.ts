import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { ServiceLogon } from '../../facts/rights.js';
import type { AdAccount } from '../../parse/ad-accounts.js';
import { CA_ACCESS, caRights } from '../../parse/ca-security.js';
import { ACE_TYPE, checkAccess } from '../../parse/security-descriptor.js';
import { lookupError, sidLabel } from '../account/pool-principal.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from '../connector/current.js';
import { RPC_HINTS } from './common.js';

/** The connector service that carries out Intune's revocation requests (ms-docs-facts 12.4). */
const REVOKE_SERVICE = 'PkiRevokeConnectorSvc';

/** What a network logon to the CA adds to every domain account's token: Everyone, NETWORK, Authenticated Users, This Organization. */
const NETWORK_LOGON = ['S-1-1-0', 'S-1-5-2', 'S-1-5-11', 'S-1-5-15'];

const DOCS = `${LINKS.scepInfrastructure}#grant-permissions-for-certificate-revocation`;

const DOMAIN_GROUPS: Record<string, string> = { '512': 'Domain Admins', '513': 'Domain Users', '515': 'Domain Computers', '519': 'Enterprise Admins' };

/** A trustee for messages: the revoking account by name, well-known and domain groups by their English names, with the SID. */
function trustee(sid: string, principal: { sid: string; label: string }): string {
  const rid = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid)?.[1];
  return rid && DOMAIN_GROUPS[rid] ? `${DOMAIN_GROUPS[rid]} (${sid})` : sidLabel(sid, principal);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * How the account a service runs as shows itself to the CA over the network: LocalSystem,
 * NetworkService and virtual service accounts as the computer account, LocalService anonymously,
 * any other as itself.
 */
function networkIdentity(startName: string): 'computer' | 'anonymous' | 'account' {
  const n = startName.trim().toLowerCase();
  if (/^(\.\\)?localsystem$|^nt authority\\(system|network ?service)$|^nt service\\/.test(n)) return 'computer';
  if (/^nt authority\\local ?service$/.test(n)) return 'anonymous';
  return 'account';
}

/** The account that revokes: the revocation service's logon, or, without that service, the account the connector was configured for. */
function revokingAccount(services: readonly ServiceLogon[], config: { useSystemAccount?: boolean; username?: string }): { name: string; why: string } | undefined {
  const svc = services.find((s) => s.name.toLowerCase() === REVOKE_SERVICE.toLowerCase() && s.startName);
  if (svc) return { name: svc.startName!, why: `${REVOKE_SERVICE} runs as ${svc.startName}` };
  if (config.useSystemAccount) return { name: 'LocalSystem', why: 'the connector is configured for SYSTEM (UseSystemAccount=1)' };
  if (config.username) return { name: config.username, why: `the connector is configured for ${config.username}` };
  return undefined;
}

export default defineCheck({
  id: 'NDES-CA-005',
  slug: 'revocation-rights',
  area: 'ca',
  title: 'The account that revokes certificates holds Issue and Manage Certificates on the CA',
  severity: 'medium',
  // caSecurity first: when several inputs are missing, the error names the CA's permissions.
  requires: ['caSecurity', 'connectorSettings', 'connectorServiceLogons', 'connectorAccountConfig', 'adAccounts', 'connectorInstall'],
  dependsOn: ['NDES-MSCEP-002'],
  run({ caSecurity: { security, source }, connectorSettings: settings, connectorServiceLogons: logons, connectorAccountConfig: config, adAccounts, connectorInstall }): Outcome {
    if (!connectorInstall.current) return noCurrentConnector();
    const flag = settings.enableRevocation;
    if (!(flag?.type === 'REG_DWORD' && flag.data === 1)) {
      return notApplicable('The connector\'s "Certificate revocation" feature is not enabled (EnableRevocation is not 1): Intune sends this connector no revocations.');
    }
    const revoker = revokingAccount(logons.services, config);
    if (!revoker) {
      return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `Neither ${logons.source} lists ${REVOKE_SERVICE} nor does ${config.source} name the connector's account, so the account that revokes is unknown.` };
    }
    const identity = networkIdentity(revoker.name);
    const remediation = (who: string) => ({
      text:
        `On the CA: certsrv.msc > right-click the CA > Properties > Security > Add ${who} > allow "Issue and Manage Certificates". ` +
        'Microsoft grants it to the NDES server (its computer account) when the connector runs as SYSTEM, or to the connector\'s domain account. ' +
        'If "Restrict certificate managers" is enabled on the CA, also allow that account the SCEP templates there.',
      commands: [cmd(`certutil -config "${security.config ?? '<CA host>\\<CA name>'}" -getreg CA\\Security`), powershell(`Get-CimInstance Win32_Service -Filter "Name='${REVOKE_SERVICE}'" | Select-Object Name,StartName`)],
      docs: DOCS,
    });
    if (identity === 'anonymous') {
      return fail(
        `${revoker.why}: that account reaches the CA anonymously, and no right on the CA can be given to it, so Intune's revocations fail.`,
        remediation('the connector\'s account'),
        { expected: 'the revoking account runs as SYSTEM or a domain account', actual: revoker.why, source: logons.source },
      );
    }
    const record: AdAccount | undefined =
      identity === 'computer'
        ? adAccounts.accounts.find((a) => a.role === 'computer')
        : adAccounts.accounts.find((a) => a.role.startsWith('service:') && a.name.toLowerCase() === revoker.name.trim().toLowerCase());
    if (!record) return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${adAccounts.source} has no entry for ${identity === 'computer' ? 'the computer account' : revoker.name}; collect again with this version.` };
    if (record.error || !record.sid) return lookupError(record, identity === 'computer' ? 'The computer account' : 'The connector account');

    if (!security.read) {
      const code = security.error.hresult === undefined ? undefined : `0x${(security.error.hresult >>> 0).toString(16).padStart(8, '0')}`;
      const hint = code ? RPC_HINTS[code] : undefined;
      return {
        status: 'error',
        errorCode: code === '0x80070005' ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE',
        message: `The CA's permissions could not be read from ${security.config ?? 'the CA MSCEP\\CAInfo names'}: ${security.error.message}${code ? ` (${code}${hint ? `: ${hint}` : ''})` : ''}.`,
      };
    }
    const label = identity === 'computer' ? `the computer account ${record.name}` : record.name;
    const principal = { sid: record.sid, label };
    const sids = new Set([record.sid, ...record.tokenGroups, ...NETWORK_LOGON]);
    const { dacl } = security.descriptor;
    const officers = (dacl ?? []).filter((a) => a.sid && (a.type === ACE_TYPE.accessAllowed || a.type === ACE_TYPE.accessDenied) && (a.mask & CA_ACCESS.OFFICER) !== 0);
    const evidence = {
      expected: `${label} (${record.sid}) or a group it belongs to allowed Issue and Manage Certificates (CA_ACCESS_OFFICER 0x2) on ${security.config}, and not denied it`,
      actual: officers.map((a) => `${a.type === ACE_TYPE.accessAllowed ? 'allow' : 'deny'} ${trustee(a.sid!, principal)}: ${caRights(a.mask)}`).join('; ') || 'no ACE holds Issue and Manage Certificates',
      source: `${source}, ${logons.source}, ${adAccounts.source}`,
      details: { revokingAccount: revoker.why, groups: [...sids] },
    };
    if (dacl === null) {
      return warn(
        `The CA ${security.config} has no DACL, which Windows reads as every right for everyone: ${label} can revoke, and so can anyone who reaches the CA.`,
        { text: 'Restore the CA\'s permissions in certsrv.msc > CA Properties > Security (Microsoft\'s defaults: Authenticated Users may request certificates; Administrators, Domain Admins and Enterprise Admins manage the CA and certificates), and add the revoking account.', docs: DOCS },
        evidence,
        'high',
      );
    }
    const access = checkAccess(dacl, sids, CA_ACCESS.OFFICER);
    if (access.granted) {
      const via = access.by!.sid === record.sid ? 'directly' : `through ${trustee(access.by!.sid!, principal)}`;
      return pass(`${capital(label)} holds Issue and Manage Certificates on ${security.config} ${via} (${revoker.why}).`, evidence);
    }

    const manager = checkAccess(dacl, sids, CA_ACCESS.ADMIN).granted ? ' It holds Manage CA, which does not let it revoke.' : '';
    const target = identity === 'computer' ? `the NDES server's computer account (${record.name})` : record.name;
    // BUILTIN groups on the ACL are the CA server's own local groups, whose members only the CA knows (unless AD
    // reports one in tokenGroups, on a CA that is a domain controller). When membership of them would grant the
    // right, the answer is on the CA, not in this bundle. Counting the account in every such group that is allowed, and
    // in none that is denied, is the most it could hold: if even that does not grant the right, nothing on the CA does.
    const unseen = dacl.flatMap((a) => (a.type === ACE_TYPE.accessAllowed && a.sid?.startsWith('S-1-5-32-') && !sids.has(a.sid) ? [a.sid] : []));
    const ifMember = checkAccess(dacl, new Set([...sids, ...unseen]), CA_ACCESS.OFFICER);
    if (ifMember.granted) {
      return warn(
        `${capital(label)} (${revoker.why}) does not hold Issue and Manage Certificates on ${security.config}, directly or through its groups; ` +
          `only ${trustee(ifMember.by!.sid!, principal)}, a local group of the CA server, could give it, and its members cannot be seen from here. ` +
          `Unless ${label} is a member of it on the CA, Intune's revocation requests fail and certificates of retired devices stay valid.${manager} ` +
          'Microsoft grants the right to the account itself.',
        remediation(target),
        evidence,
      );
    }
    const why = access.by ? `is denied Issue and Manage Certificates by the ACE for ${trustee(access.by.sid!, principal)}` : 'does not hold Issue and Manage Certificates, directly or through its groups,';
    return fail(
      `${capital(label)} (${revoker.why}) ${why} on ${security.config}: Intune's revocation requests fail, and certificates of retired devices stay valid.${manager}`,
      remediation(target),
      evidence,
    );
  },
});
