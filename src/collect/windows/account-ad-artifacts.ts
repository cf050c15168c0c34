import type { ArtifactSpec } from '../artifact-spec.js';
import { CONNECTOR_SERVICE_NAMES } from './connector-artifacts.js';
import { groupMembers, powershellJson } from './server-artifacts.js';

/** One command line for `powershell -Command` (docs/bundle.md shows it in a table row): statements joined by `;`. */
export function psLines(lines: readonly string[]): string {
  return lines.map((l) => l.trim()).reduce((all, line) => (all === '' ? line : /[{]$/.test(all) ? `${all} ${line}` : `${all}; ${line}`), '');
}

const SERVICE_FILTER = CONNECTOR_SERVICE_NAMES.map((n) => `Name='${n}'`).join(' OR ');

/**
 * The accounts NDES and the connector run as, looked up in Active Directory without RSAT: the
 * name is turned into a SID by the local LSA, the object is read with a base-scope
 * DirectorySearcher (constructed attributes such as msDS-User-Account-Control-Computed and
 * tokenGroups are only returned that way), and 64-bit values are written as strings.
 */
const AD_ACCOUNTS_SCRIPT = psLines([
  "$props = 'distinguishedName','objectClass','sAMAccountName','userAccountControl','msDS-User-Account-Control-Computed','pwdLastSet','accountExpires','msDS-UserPasswordExpiryTimeComputed','tokenGroups'",
  // Output name|attribute pairs: a `PwdLastSet = '...'` form would be masked by report redaction wherever the command is quoted.
  "$map = 'UserAccountControl|useraccountcontrol', 'UacComputed|msds-user-account-control-computed', 'PwdLastSet|pwdlastset', 'AccountExpires|accountexpires', 'PasswordExpiryTime|msds-userpasswordexpirytimecomputed'",
  'function Get-NdesAdAccount([string]$Role, [string]$Name) {',
  '  $o = [ordered]@{ Role = $Role; Name = $Name; Found = $false }',
  '  try {',
  '    $sid = (New-Object Security.Principal.NTAccount($Name)).Translate([Security.Principal.SecurityIdentifier]).Value',
  '    $o.Sid = $sid',
  '    $s = New-Object DirectoryServices.DirectorySearcher([adsi]"LDAP://<SID=$sid>", \'(objectClass=*)\', [string[]]$props, [DirectoryServices.SearchScope]::Base)',
  '    $r = $s.FindOne()',
  '    if ($r) {',
  '      $p = $r.Properties',
  '      $o.Found = $true',
  "      $o.DistinguishedName = [string]$p['distinguishedname'][0]",
  "      $o.SamAccountName = [string]$p['samaccountname'][0]",
  "      $o.ObjectClass = @($p['objectclass'] | ForEach-Object { [string]$_ })",
  "      foreach ($pair in $map) { $k, $a = $pair -split '\\|'; if ($p[$a].Count) { $o[$k] = [string]$p[$a][0] } }",
  "      $o.TokenGroups = @($p['tokengroups'] | ForEach-Object { (New-Object Security.Principal.SecurityIdentifier([byte[]]$_, 0)).Value })",
  '    }',
  '  } catch { $e = $_.Exception.GetBaseException(); $o.Error = $e.Message; $o.HResult = $e.HResult }',
  '  [pscustomobject]$o',
  '}',
  '$accounts = @()',
  "$appcmd = Join-Path $env:windir 'system32\\inetsrv\\appcmd.exe'",
  'if (Test-Path $appcmd) {',
  "  $pool = & $appcmd list app /path:/CertSrv/mscep /text:applicationPool | Select-Object -First 1; if (-not $pool) { $pool = 'SCEP' }",
  "  if ((& $appcmd list apppool $pool /text:processModel.identityType) -eq 'SpecificUser') { $u = & $appcmd list apppool $pool /text:processModel.userName; if ($u) { $accounts += ,@('scep-pool', [string]$u) } }",
  '}',
  "$accounts += ,@('computer', ($env:COMPUTERNAME + '$'))",
  `try { foreach ($svc in Get-CimInstance Win32_Service -Filter "${SERVICE_FILTER}") { if ($svc.StartName -and $svc.StartName -notmatch '^(LocalSystem|NT AUTHORITY\\\\|NT SERVICE\\\\|\\.\\\\)') { $accounts += ,@("service:$($svc.Name)", [string]$svc.StartName) } } } catch { }`,
  'ConvertTo-Json -Depth 3 -InputObject @($accounts | ForEach-Object { Get-NdesAdAccount $_[0] $_[1] })',
]);

export const accountAdArtifacts = {
  'account.user-rights': {
    files: ['account/user-rights.inf'],
    description: 'User rights assignments of the local security policy, principals as SIDs (secedit /export /areas USER_RIGHTS)',
    // secedit writes its log beside the export instead of appending to %windir%\security\logs.
    windows: { kind: 'command-file', file: 'secedit.exe', args: ['/export', '/areas', 'USER_RIGHTS', '/cfg', '{out}', '/log', '{log}', '/quiet'] },
    needsElevation: true,
  },
  'account.users': {
    files: ['account/users-members.json'],
    description: 'Direct members of the local Users group (S-1-5-32-545)',
    windows: groupMembers('S-1-5-32-545'),
  },
  'account.ad-accounts': {
    files: ['account/ad-accounts.json'],
    description:
      'The SCEP pool account, the computer account and the connector service accounts in Active Directory: SID, object classes, userAccountControl (stored and computed), pwdLastSet, accountExpires, password expiry, tokenGroups (DirectorySearcher, no RSAT)',
    windows: powershellJson(AD_ACCOUNTS_SCRIPT),
  },
  'connector.service-logons': {
    files: ['connector/service-logons.json'],
    description: 'Logon account, start mode and state of each Intune connector service (Win32_Service)',
    windows: powershellJson(
      `ConvertTo-Json -Depth 2 -InputObject @(Get-CimInstance Win32_Service -Filter "${SERVICE_FILTER}" | Select-Object Name,StartName,StartMode,State)`,
    ),
  },
} satisfies Record<string, ArtifactSpec>;
