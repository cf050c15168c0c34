import type { ArtifactSpec } from '../artifacts.js';

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
