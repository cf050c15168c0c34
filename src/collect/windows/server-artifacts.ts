import type { ArtifactSpec, WindowsSource } from '../artifact-spec.js';

/** Windows PowerShell 5.1 is on every supported server; UTF-8 output keeps non-ASCII names intact. */
export function powershellJson(script: string): WindowsSource {
  return {
    kind: 'command',
    file: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-Command', `[Console]::OutputEncoding=[Text.Encoding]::UTF8; ${script}`],
  };
}

const SYSTEM_SCRIPT =
  "$cs = Get-CimInstance Win32_ComputerSystem | Select-Object Name,DNSHostName,Domain,PartOfDomain,DomainRole; " +
  "$os = Get-CimInstance Win32_OperatingSystem | Select-Object Caption,Version,BuildNumber,ProductType,LastBootUpTime; " +
  "$cv = Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' | Select-Object ProductName,InstallationType,CurrentBuild,EditionID; " +
  // The collection instant and UTC offset let a bundle be judged as of when it was taken, and
  // let local-time values the connector writes be placed in UTC.
  "$now = Get-Date; $clock = [pscustomobject]@{Utc=$now.ToUniversalTime().ToString('o'); UtcOffsetMinutes=[int][TimeZoneInfo]::Local.GetUtcOffset($now).TotalMinutes}; " +
  // Values the connector writes as text (LastConnectionTime) follow a culture's date format: that of
  // this account and that of LocalSystem (HKU\.DEFAULT), which the connector service runs as by default.
  "$ci = Get-Culture; $f = $ci.DateTimeFormat; " +
  "$dates = @([pscustomobject]@{Account='collector'; Name=$ci.Name; ShortDatePattern=$f.ShortDatePattern; LongTimePattern=$f.LongTimePattern; DateSeparator=$f.DateSeparator; TimeSeparator=$f.TimeSeparator; AMDesignator=$f.AMDesignator; PMDesignator=$f.PMDesignator}); " +
  "$intl = Get-ItemProperty -LiteralPath 'Registry::HKEY_USERS\\.DEFAULT\\Control Panel\\International' -ErrorAction SilentlyContinue; " +
  "if ($intl) { $dates += [pscustomobject]@{Account='system'; Name=$intl.LocaleName; ShortDatePattern=$intl.sShortDate; LongTimePattern=$intl.sTimeFormat; DateSeparator='/'; TimeSeparator=':'; AMDesignator=$intl.s1159; PMDesignator=$intl.s2359} }; " +
  '[pscustomobject]@{ComputerSystem=$cs; OperatingSystem=$os; CurrentVersion=$cv; Clock=$clock; DateFormats=$dates} | ConvertTo-Json -Depth 3';

/** Members by SID, because group names are translated (Administratoren, Administrateurs). */
export function groupMembers(sid: string): WindowsSource {
  return powershellJson(
    `ConvertTo-Json -Depth 3 -InputObject @(Get-LocalGroupMember -SID ${sid} | Select-Object Name,@{n='SID';e={$_.SID.Value}},PrincipalSource)`,
  );
}

const SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

export const serverArtifacts = {
  'server.system': {
    files: ['server/system.json'],
    description:
      'Computer and OS facts: domain membership and role, OS version, product type, last boot, installation type, the clock, and the date formats of this account and of LocalSystem',
    windows: powershellJson(SYSTEM_SCRIPT),
  },
  'server.features': {
    files: ['server/windows-features.json'],
    description: 'Windows roles and features and whether each is installed (Get-WindowsFeature)',
    windows: powershellJson('Get-WindowsFeature | Select-Object Name,Installed | ConvertTo-Json -Depth 2'),
    needsElevation: true,
  },
  'server.dotnet': {
    files: ['registry/dotnet-v4-full.reg', 'registry/dotnet-v4-full.txt'],
    description: '.NET Framework 4.x installation (Release)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full' },
  },
  'server.schannel-protocols': {
    files: ['registry/schannel-protocols.reg', 'registry/schannel-protocols.txt'],
    description: 'SChannel protocol switches (TLS 1.2 Client/Server Enabled, DisabledByDefault)',
    windows: { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols' },
  },
  'server.netfx': {
    files: ['registry/netfx-v4.reg', 'registry/netfx-v4.txt'],
    description: '.NET 4 strong cryptography settings for 64-bit processes (SchUseStrongCrypto, SystemDefaultTlsVersions)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' },
  },
  'server.netfx-wow64': {
    files: ['registry/netfx-v4-wow64.reg', 'registry/netfx-v4-wow64.txt'],
    description: '.NET 4 strong cryptography settings for 32-bit processes (SchUseStrongCrypto, SystemDefaultTlsVersions)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319' },
  },
  'server.reboot-cbs': {
    files: ['registry/reboot-pending-cbs.reg', 'registry/reboot-pending-cbs.txt'],
    description: 'Component Based Servicing RebootPending marker (present only while a reboot is pending)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending' },
  },
  'server.reboot-wu': {
    files: ['registry/reboot-required-wu.reg', 'registry/reboot-required-wu.txt'],
    description: 'Windows Update RebootRequired marker (present only while a reboot is pending)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired' },
  },
  'server.session-manager': {
    files: ['registry/session-manager.reg', 'registry/session-manager.txt'],
    description: 'Session Manager (PendingFileRenameOperations: files replaced at the next boot)',
    windows: { kind: 'registry', key: SESSION_MANAGER },
  },
  'account.iis-iusrs': {
    files: ['account/iis-iusrs-members.json'],
    description: 'Direct members of the local IIS_IUSRS group (S-1-5-32-568)',
    windows: groupMembers('S-1-5-32-568'),
  },
  'account.administrators': {
    files: ['account/administrators-members.json'],
    description: 'Direct members of the local Administrators group (S-1-5-32-544)',
    windows: groupMembers('S-1-5-32-544'),
  },
  'account.scep-identity': {
    files: ['account/scep-identity.json'],
    description:
      'The account the SCEP application pool reaches the CA as (its user, or the computer account for a built-in identity): SID and the SIDs of all its groups (tokenGroups)',
    // tokenGroups holds every security group the account is in, nested ones and the primary group
    // included, as SIDs: what the CA compares with the template's permissions.
    windows: powershellJson(
      "$appcmd = Join-Path $env:windir 'system32\\inetsrv\\appcmd.exe'; " +
        "$pool = & $appcmd list app /path:/CertSrv/mscep /text:applicationPool | Select-Object -First 1; if (-not $pool) { $pool = 'SCEP' }; " +
        '$type = & $appcmd list apppool $pool /text:processModel.identityType; $user = & $appcmd list apppool $pool /text:processModel.userName; ' +
        "$name = if ($type -eq 'SpecificUser' -and $user) { $user } else { $env:COMPUTERNAME + '$' }; " +
        '$sid = $null; $groups = $null; $err = $null; ' +
        'try { $sid = [Security.Principal.NTAccount]::new($name).Translate([Security.Principal.SecurityIdentifier]).Value; ' +
        '$de = [ADSI]"LDAP://<SID=$sid>"; $de.RefreshCache(@(\'tokenGroups\')); ' +
        "$groups = @($de.Properties['tokenGroups'] | ForEach-Object { [Security.Principal.SecurityIdentifier]::new([byte[]]$_, 0).Value }) } catch { $err = $_.Exception.Message }; " +
        '[pscustomobject]@{ApplicationPool=$pool; IdentityType=$type; Account=$name; Sid=$sid; TokenGroups=$groups; Error=$err} | ConvertTo-Json -Depth 3',
    ),
    needsElevation: true,
  },
  'account.spn': {
    files: ['account/setspn-scep.txt'],
    description: 'SPNs of the SCEP application pool account (setspn -L)',
    // The collector cannot know the account in advance, so the command finds the pool serving
    // /CertSrv/mscep and its identity itself; setspn's OEM console output is kept as written.
    windows: {
      kind: 'command',
      file: 'powershell.exe',
      args: [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        "$appcmd = Join-Path $env:windir 'system32\\inetsrv\\appcmd.exe'; " +
          "$pool = & $appcmd list app /path:/CertSrv/mscep /text:applicationPool | Select-Object -First 1; if (-not $pool) { $pool = 'SCEP' }; " +
          '$u = & $appcmd list apppool $pool /text:processModel.userName; if ($u) { setspn.exe -L $u }',
      ],
    },
    needsElevation: true,
    emptyOutputIsAnswer: true,
  },
} satisfies Record<string, ArtifactSpec>;
