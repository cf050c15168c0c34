import type { ArtifactSpec, WindowsSource } from '../artifact-spec.js';
import { psLines } from './account-ad-artifacts.js';
import { powershellJson } from './server-artifacts.js';

/** certutil's console output as it prints it, then a marker line with its exit code (parsed by src/parse/certutil-ca.ts). */
function powershellText(lines: readonly string[]): WindowsSource {
  return { kind: 'command', file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', psLines(lines)] };
}

const CA_CONFIG = "$c = (Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo' -ErrorAction Stop).Configuration";
const EXIT = '"==== ndes-doctor exit $LASTEXITCODE"';
const CRA_EKU = '1.3.6.1.4.1.311.20.2.1';

/**
 * Every RA certificate (Certificate Request Agent EKU), every server-authentication certificate
 * with a private key, and the CA's own certificate (certutil -ca.cert, read from the CA), each
 * verified with its whole chain and revocation, fetching every CDP/AIA/OCSP URL. Only public
 * certificates are written, to a temporary folder that is removed afterwards.
 */
const VERIFY_SCRIPT = [
  'Import-Module Microsoft.PowerShell.Security',
  "$dir = Join-Path ([IO.Path]::GetTempPath()) ('ndes-doctor-' + [guid]::NewGuid().ToString('N'))",
  'New-Item -ItemType Directory -Path $dir | Out-Null',
  'try {',
  '$jobs = @()',
  'foreach ($x in Get-ChildItem Cert:\\LocalMachine\\My) {',
  'if (-not $x.HasPrivateKey) { continue }',
  "$ekus = @($x.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.37' } | ForEach-Object { $_.EnhancedKeyUsages } | ForEach-Object { $_.Value })",
  `if ($ekus -contains '${CRA_EKU}') { $jobs += ,@('ra', $x) } elseif ($ekus -contains '1.3.6.1.5.5.7.3.1') { $jobs += ,@('server-auth', $x) }`,
  '}',
  "$ca = Join-Path $dir 'ca.cer'",
  "$c = (Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo' -ErrorAction SilentlyContinue).Configuration",
  "if ($c) { certutil.exe -config $c -ca.cert $ca | Out-Null; if (Test-Path $ca) { $jobs += ,@('ca', (New-Object Security.Cryptography.X509Certificates.X509Certificate2($ca))) } }",
  'foreach ($j in $jobs) {',
  "$f = Join-Path $dir ($j[1].Thumbprint + '.cer')",
  '[IO.File]::WriteAllBytes($f, $j[1].RawData)',
  '"==== ndes-doctor verify $($j[0]) $($j[1].Thumbprint)"',
  'certutil.exe -verify -urlfetch $f',
  EXIT,
  '}',
  '} finally { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }',
];

/**
 * For each RA certificate: the key provider information stored with the certificate
 * (CERT_KEY_PROV_INFO_PROP_ID, read without opening the key), the key file it names and that
 * file's ACL as SIDs. A CryptoAPI key file is named by the MD5 of the lower-cased container name
 * and the MachineGuid; a CNG key is opened only to ask its unique name, which keeps the key
 * material inside the key isolation service.
 */
const RA_KEYS_SCRIPT = [
  'Import-Module Microsoft.PowerShell.Security',
  "Add-Type -TypeDefinition 'using System; using System.Runtime.InteropServices; public static class NdesDoctorKeyProvInfo { [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] struct Info { public string Container; public string Provider; public uint ProvType; public uint Flags; public uint ParamCount; public IntPtr Params; public uint KeySpec; } [DllImport(\"crypt32.dll\", SetLastError = true)] static extern bool CertGetCertificateContextProperty(IntPtr ctx, uint id, IntPtr data, ref uint size); public static object[] Read(IntPtr ctx) { uint size = 0; if (!CertGetCertificateContextProperty(ctx, 2, IntPtr.Zero, ref size)) return null; IntPtr buf = Marshal.AllocHGlobal((int)size); try { if (!CertGetCertificateContextProperty(ctx, 2, buf, ref size)) return null; Info i = (Info)Marshal.PtrToStructure(buf, typeof(Info)); return new object[] { i.Container, i.Provider, i.ProvType }; } finally { Marshal.FreeHGlobal(buf); } } }'",
  "$guid = (Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography').MachineGuid",
  '$md5 = [Security.Cryptography.MD5]::Create()',
  '$out = foreach ($x in Get-ChildItem Cert:\\LocalMachine\\My) {',
  "$ekus = @($x.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.37' } | ForEach-Object { $_.EnhancedKeyUsages } | ForEach-Object { $_.Value })",
  `if (-not $x.HasPrivateKey -or $ekus -notcontains '${CRA_EKU}') { continue }`,
  '$o = [ordered]@{ Thumbprint = $x.Thumbprint }',
  'try {',
  '$i = [NdesDoctorKeyProvInfo]::Read($x.Handle)',
  "if (-not $i) { throw 'the certificate has no key provider information (CERT_KEY_PROV_INFO_PROP_ID)' }",
  '$o.Container = $i[0]',
  '$o.Provider = $i[1]',
  '$o.ProviderType = [int]$i[2]',
  'if ($i[2] -eq 0) {',
  '$k = [Security.Cryptography.CngKey]::Open($i[0], (New-Object Security.Cryptography.CngProvider($i[1])), [Security.Cryptography.CngKeyOpenOptions]::MachineKey)',
  'try { $o.File = Join-Path $env:ProgramData (\'Microsoft\\Crypto\\Keys\\\' + $k.UniqueName) } finally { $k.Dispose() }',
  '} else {',
  '$h = $md5.ComputeHash([Text.Encoding]::ASCII.GetBytes($i[0].ToLowerInvariant() + [char]0))',
  "$n = -join (0..3 | ForEach-Object { '{0:x8}' -f [BitConverter]::ToUInt32($h, $_ * 4) })",
  "$o.File = Join-Path $env:ProgramData ('Microsoft\\Crypto\\RSA\\MachineKeys\\' + $n + '_' + $guid)",
  '}',
  '$acl = Get-Acl -LiteralPath $o.File',
  '$o.Access = @($acl.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier]) | ForEach-Object { [pscustomobject]@{ Sid = $_.IdentityReference.Value; Rights = [int]$_.FileSystemRights; Type = [int]$_.AccessControlType } })',
  '} catch { $e = $_.Exception.GetBaseException(); $o.Error = $e.Message; $o.HResult = $e.HResult }',
  '[pscustomobject]$o',
  '}',
  // With no RA certificate $out is $null, and @($null) would print [null] instead of an empty list.
  'ConvertTo-Json -Depth 4 -InputObject @($out | Where-Object { $_ })',
];

/** The forest's Enterprise CAs as Active Directory lists them (CN=Enrollment Services in the configuration partition), with their CA certificates. */
const ENROLLMENT_SERVICES_SCRIPT = [
  "$root = [adsi]'LDAP://RootDSE'",
  "$cfg = [string]$root.Properties['configurationNamingContext'][0]",
  "$s = New-Object DirectoryServices.DirectorySearcher([adsi]('LDAP://CN=Enrollment Services,CN=Public Key Services,CN=Services,' + $cfg), '(objectClass=pKIEnrollmentService)', [string[]]@('cn','dNSHostName','cACertificate'), [DirectoryServices.SearchScope]::OneLevel)",
  "$cas = @($s.FindAll() | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Properties['cn'][0]; DnsHostName = [string]$_.Properties['dnshostname'][0]; CACertificates = @($_.Properties['cacertificate'] | ForEach-Object { [Convert]::ToBase64String([byte[]]$_) }) } })",
  "ConvertTo-Json -Depth 4 -InputObject ([pscustomobject]@{ ForestRootDomain = [string]$root.Properties['rootDomainNamingContext'][0]; ConfigurationNamingContext = $cfg; EnrollmentServices = $cas })",
];

/**
 * The CA's own access control list: the `Security` configuration entry of the CA that MSCEP\CAInfo
 * names, read over DCOM with ICertAdmin2::GetConfigEntry (what the CA console's Security tab
 * shows), written as the base64 of its bytes. Nothing is changed on the CA; when the CA refuses
 * the collecting account, its HRESULT (E_ACCESSDENIED) is kept instead.
 */
const CA_SECURITY_SCRIPT = [
  '$o = [ordered]@{ Config = $null }',
  'try {',
  CA_CONFIG,
  '$o.Config = $c',
  '$admin = New-Object -ComObject CertificateAuthority.Admin',
  "$o.Security = [Convert]::ToBase64String([byte[]]$admin.GetConfigEntry($c, '', 'Security'))",
  '} catch { $e = $_.Exception.GetBaseException(); $o.Error = $e.Message; $o.HResult = $e.HResult }',
  'ConvertTo-Json -InputObject ([pscustomobject]$o)',
];

export const caArtifacts = {
  'ca.ping': {
    files: ['ca/ping.txt'],
    description: 'Whether the CA that NDES uses answers (certutil -config <MSCEP CAInfo> -ping), with certutil\'s exit code',
    windows: powershellText([CA_CONFIG, 'certutil.exe -config $c -ping', EXIT]),
  },
  'ca.type': {
    files: ['ca/cainfo-type.txt'],
    description: 'The type of that CA: Enterprise or Standalone, root or subordinate (certutil -config <MSCEP CAInfo> -cainfo type)',
    windows: powershellText([CA_CONFIG, 'certutil.exe -config $c -cainfo type', EXIT]),
  },
  'ca.enrollment-services': {
    files: ['ca/enrollment-services.json'],
    description: 'Enterprise CAs published in this forest (pKIEnrollmentService objects: name, host, CA certificates as base64 DER)',
    windows: powershellJson(psLines(ENROLLMENT_SERVICES_SCRIPT)),
  },
  'certutil.verify': {
    files: ['certutil/verify-urlfetch.txt'],
    description: 'Chain and revocation of the RA certificates, the server-authentication certificates and the CA certificate (certutil -verify -urlfetch, one run each)',
    windows: powershellText(VERIFY_SCRIPT),
    // Each run fetches every CRL, AIA and OCSP URL, and an unreachable one waits for its timeout.
    timeoutMs: 300_000,
  },
  'mscep.ra-keys': {
    files: ['mscep/ra-keys.json'],
    description: 'For each RA certificate: its key container and provider, the key file in MachineKeys or Keys, and that file\'s ACL as SIDs (never the key)',
    windows: powershellJson(psLines(RA_KEYS_SCRIPT)),
    needsElevation: true,
  },
  'ca.security': {
    files: ['ca/security.json'],
    description: 'The CA\'s permissions (its Security entry, read with ICertAdmin2::GetConfigEntry): a self-relative security descriptor as base64, trustees as SIDs',
    windows: powershellJson(psLines(CA_SECURITY_SCRIPT)),
  },
} satisfies Record<string, ArtifactSpec>;
