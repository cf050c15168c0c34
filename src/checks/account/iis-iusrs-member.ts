import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { SID } from './pool-principal.js';
import { findScepAppPool, isSameAccount } from './scep-account.js';

/** Members that are one account and never a group (IUSR, SYSTEM, LocalService, NetworkService, service and app pool virtual accounts): no other account belongs to IIS_IUSRS through them. */
const SINGLE_ACCOUNT = /^S-1-5-(17|18|19|20|80-[\d-]+|82-[\d-]+)$/;

export default defineCheck({
  id: 'NDES-ACCT-002',
  slug: 'iis-iusrs-member',
  area: 'account',
  title: 'The NDES service account is a member of IIS_IUSRS',
  severity: 'high',
  requires: ['iisConfig', 'iisIusrsGroup', 'serverSystem', 'scepIdentity'],
  run({ iisConfig, iisIusrsGroup: group, serverSystem, scepIdentity: id }) {
    const pool = findScepAppPool(iisConfig);
    if (!pool || pool.identityType !== 'SpecificUser' || !pool.userName) {
      return notApplicable('The SCEP pool does not run as a specific user account (see NDES-ACCT-001); IIS adds built-in pool identities to IIS_IUSRS itself.');
    }
    const account = pool.userName;
    // The identity artifact resolves the same pool user; its SID and tokenGroups are that account's.
    const sid = id.identityType === 'SpecificUser' ? id.sid?.toUpperCase() : undefined;
    const tokenGroups = sid !== undefined ? id.tokenGroups : undefined;
    // Every logged-on account's token holds Everyone and Authenticated Users, whether or not its other groups could be read.
    const inToken = new Set([...(tokenGroups ?? []), SID.everyone, SID.authenticatedUsers].map((s) => s.toUpperCase()));
    const evidence = {
      expected: `${account}${sid ? ` (${sid})` : ''} ${tokenGroups ? 'or one of its groups ' : ''}among the members of S-1-5-32-568 (IIS_IUSRS)`,
      actual: group.members.map((m) => `${m.name} (${m.sid})`).join(', ') || 'no members',
      source: `${group.source}, ${id.source}`,
    };
    const sidOf = (m: { sid: string }) => m.sid.toUpperCase();
    if (group.members.some((m) => isSameAccount(m, account, serverSystem) || (sid !== undefined && sidOf(m) === sid))) {
      return pass(`${account} is a member of IIS_IUSRS.`, evidence);
    }
    const via = group.members.find((m) => inToken.has(sidOf(m)));
    if (via) return pass(`${account} is a member of IIS_IUSRS through ${via.name} (${via.sid}).`, evidence);
    const remediation = {
      text: 'Add the SCEP pool account to the local IIS_IUSRS group (by SID, so the command works on any Windows language), then recycle the pool.',
      commands: [powershell(`Add-LocalGroupMember -SID S-1-5-32-568 -Member "${account}"`), powershell(`Restart-WebAppPool "${pool.name}"`)],
      docs: LINKS.scepInfrastructure,
    };
    const unread = id.error ?? 'no tokenGroups in the identity artifact';
    // Without the account's groups, any member that may be a group may hold it; only single accounts are ruled out.
    const candidates = tokenGroups ? [] : group.members.filter((m) => !SINGLE_ACCOUNT.test(sidOf(m)));
    if (candidates.length > 0) {
      return warn(
        `${account} is not a direct member of IIS_IUSRS (S-1-5-32-568), and its groups could not be read (${unread}), so whether it belongs through ${candidates.map((m) => m.name).join(', ')} is unknown. ` +
          'Microsoft asks that the NDES service account be a member of IIS_IUSRS; without it the account may lack the logon rights IIS needs to start the SCEP pool.',
        {
          ...remediation,
          text:
            `Confirm that ${account} is in one of those groups, nested groups included (whoami /groups in a session of the account lists them), or add it to IIS_IUSRS itself as Microsoft's steps do, which settles it either way. ` +
            'Collecting again where a domain controller answers lets this check read its groups.',
        },
        evidence,
      );
    }
    return fail(
      `${account} is not a member of IIS_IUSRS (S-1-5-32-568), directly or through its groups; without it the account may lack the logon rights IIS needs to start the SCEP pool.` +
        (tokenGroups ? '' : ` Its groups could not be read (${unread}), but no member of IIS_IUSRS is a group it could belong to.`),
      remediation,
      evidence,
    );
  },
});
