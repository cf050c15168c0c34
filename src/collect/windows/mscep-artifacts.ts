import type { ArtifactSpec } from '../artifact-spec.js';
import { powershellJson } from './server-artifacts.js';

export const MSCEP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';

// certutil -CATemplates needs -config off the CA itself, and the CA NDES uses is only in the registry.
const CA_TEMPLATES_SCRIPT =
  "$c = (Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo' -ErrorAction Stop).Configuration; " +
  'certutil.exe -config $c -CATemplates';

export const mscepArtifacts = {
  'registry.mscep': {
    files: ['registry/mscep.reg', 'registry/mscep.txt'],
    description: 'NDES configuration (MSCEP): template names per purpose and the CA it submits to',
    windows: { kind: 'registry', key: MSCEP_KEY },
  },
  'certutil.dstemplate': {
    files: ['certutil/dstemplate.txt', 'certutil/template.txt'],
    description: 'Every certificate template in Active Directory, with its attributes (certutil -v -dstemplate)',
    windows: { kind: 'command', file: 'certutil.exe', args: ['-v', '-dstemplate'] },
  },
  'ad.template-security': {
    files: ['ad/template-security.json'],
    description: 'The permissions of every certificate template in Active Directory, as SDDL (nTSecurityDescriptor: owner, group, DACL)',
    // certutil -v -dstemplate is not known to print the security descriptor in every version;
    // reading nTSecurityDescriptor over LDAP is certain and needs no RSAT module.
    windows: powershellJson(
      "$cfg = ([ADSI]'LDAP://RootDSE').configurationNamingContext; " +
        "$s = [adsisearcher]'(objectClass=pKICertificateTemplate)'; $s.SearchRoot = [ADSI]\"LDAP://CN=Certificate Templates,CN=Public Key Services,CN=Services,$cfg\"; " +
        "$s.PageSize = 1000; $s.SecurityMasks = 'Owner,Group,Dacl'; [void]$s.PropertiesToLoad.AddRange(@('cn','ntsecuritydescriptor')); " +
        "ConvertTo-Json -Depth 2 -InputObject @($s.FindAll() | ForEach-Object { [pscustomobject]@{Name=[string]$_.Properties['cn'][0]; " +
        "Sddl=[Security.AccessControl.RawSecurityDescriptor]::new([byte[]]$_.Properties['ntsecuritydescriptor'][0], 0).GetSddlForm('All')} })",
    ),
  },
  'certutil.catemplates': {
    files: ['certutil/catemplates.txt'],
    description: 'Templates the CA that NDES uses is configured to issue (certutil -CATemplates)',
    windows: {
      kind: 'command',
      file: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-Command', CA_TEMPLATES_SCRIPT],
    },
  },
} satisfies Record<string, ArtifactSpec>;
