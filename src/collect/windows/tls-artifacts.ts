import type { ArtifactSpec } from '../artifact-spec.js';
import { powershellJson } from './server-artifacts.js';

/**
 * Only the public certificate and the HasPrivateKey flag leave the server: reading the flag does
 * not open the key. The Cert: drive exists only once Microsoft.PowerShell.Security is loaded,
 * which a -NoProfile session does not always do by itself. `-InputObject @(...)` keeps a
 * one-certificate store an array.
 */
function certStore(store: 'My' | 'Root' | 'CA'): ReturnType<typeof powershellJson> {
  return powershellJson(
    'Import-Module Microsoft.PowerShell.Security; ' +
      `ConvertTo-Json -Depth 3 -InputObject @(Get-ChildItem -Path Cert:\\LocalMachine\\${store} | ` +
      "Select-Object Thumbprint,HasPrivateKey,@{n='RawData';e={[Convert]::ToBase64String($_.RawData)}})",
  );
}

export const tlsArtifacts = {
  'tls.netsh-sslcert': {
    files: ['tls/netsh-sslcert.txt'],
    description: 'HTTP.sys TLS certificate bindings (netsh http show sslcert)',
    windows: { kind: 'command', file: 'netsh', args: ['http', 'show', 'sslcert'] },
  },
  'certs.localmachine-my': {
    files: ['certs/localmachine-my.json'],
    description: 'Certificates in LocalMachine\\My (base64 DER and whether a private key is present; never the key)',
    windows: certStore('My'),
    kind: 'certificates',
  },
  'certs.localmachine-root': {
    files: ['certs/localmachine-root.json'],
    description: 'Certificates in LocalMachine\\Root (trusted root certification authorities)',
    windows: certStore('Root'),
    kind: 'certificates',
  },
} satisfies Record<string, ArtifactSpec>;
