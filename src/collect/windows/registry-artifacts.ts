import type { ArtifactSpec } from '../artifact-spec.js';

const IE_ESC = 'HKLM\\SOFTWARE\\Microsoft\\Active Setup\\Installed Components';

export const registryArtifacts = {
  'registry.http-parameters': {
    files: ['registry/http-parameters.reg', 'registry/http-parameters.txt'],
    description: 'HTTP.sys parameters (MaxFieldLength, MaxRequestBytes)',
    windows: { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters' },
  },
  'registry.ie-esc-admins': {
    files: ['registry/ie-esc-admins.reg', 'registry/ie-esc-admins.txt'],
    description: 'Internet Explorer Enhanced Security Configuration for administrators',
    windows: { kind: 'registry', key: `${IE_ESC}\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}` },
  },
  'registry.ie-esc-users': {
    files: ['registry/ie-esc-users.reg', 'registry/ie-esc-users.txt'],
    description: 'Internet Explorer Enhanced Security Configuration for users',
    windows: { kind: 'registry', key: `${IE_ESC}\\{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}` },
  },
} satisfies Record<string, ArtifactSpec>;
