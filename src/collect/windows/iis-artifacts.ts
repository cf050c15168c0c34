import type { ArtifactSpec } from '../artifact-spec.js';

export const APPLICATION_HOST_CONFIG = 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config';
const APPCMD = 'C:\\Windows\\System32\\inetsrv\\appcmd.exe';

export const iisArtifacts = {
  'iis.applicationhost': {
    files: ['iis/applicationHost.config'],
    description: 'IIS server configuration (sites, bindings, application pools, <location> settings)',
    windows: { kind: 'file', path: APPLICATION_HOST_CONFIG },
    needsElevation: true,
    kind: 'iis-server-config',
  },
  // The web.config files IIS reads on the way to /CertSrv/mscep/mscep.dll, wherever the site maps them.
  'iis.webconfig-site': {
    files: ['iis/webconfig/site-root/web.config'],
    description: 'web.config of the root of the site hosting NDES (usually C:\\inetpub\\wwwroot; IIS Manager and the connector installer write request limits there); absent is normal',
    windows: { kind: 'iis-web-config', urlPath: '/' },
    needsElevation: true,
  },
  'iis.webconfig-certsrv': {
    files: ['iis/webconfig/CertSrv/web.config'],
    description: 'web.config of /CertSrv on the site hosting NDES (usually C:\\inetpub\\wwwroot\\CertSrv); absent is normal',
    windows: { kind: 'iis-web-config', urlPath: '/CertSrv' },
    needsElevation: true,
  },
  'iis.webconfig-mscep': {
    files: ['iis/webconfig/CertSrv/mscep/web.config'],
    description: 'web.config of the /CertSrv/mscep application (usually C:\\Windows\\System32\\CertSrv\\mscep); absent is normal',
    windows: { kind: 'iis-web-config', urlPath: '/CertSrv/mscep' },
    needsElevation: true,
  },
  'iis.apppools': {
    files: ['iis/apppools.xml'],
    description: 'IIS application pools and their runtime state (appcmd list apppool /xml)',
    windows: { kind: 'command', file: APPCMD, args: ['list', 'apppool', '/xml'] },
    needsElevation: true,
  },
} satisfies Record<string, ArtifactSpec>;

export const IIS_WEB_CONFIG_IDS = ['iis.webconfig-site', 'iis.webconfig-certsrv', 'iis.webconfig-mscep'] as const;
