import { defineCheck } from '../../engine/check.js';
import { cmd, pass, warn } from '../../engine/outcome.js';
import { dwordValue, subkey, type RegistryTreeFact } from '../../facts/registry-tree.js';
import { LINKS } from './links.js';

const VALUES = ['SchUseStrongCrypto', 'SystemDefaultTlsVersions'] as const;

function unset(tree: RegistryTreeFact): string[] {
  const key = subkey(tree, '');
  return VALUES.filter((name) => dwordValue(key, name) !== 1).map((name) => `${tree.path}\\${name}`);
}

export default defineCheck({
  id: 'NDES-SRV-008',
  slug: 'dotnet-strong-crypto',
  area: 'server',
  title: '.NET uses strong cryptography and the system TLS versions (64- and 32-bit)',
  severity: 'medium',
  requires: ['netFxCrypto'],
  run({ netFxCrypto }) {
    const trees = [netFxCrypto.x64, netFxCrypto.wow64];
    const missing = trees.flatMap(unset);
    const evidence = {
      expected: 'SchUseStrongCrypto = 1 and SystemDefaultTlsVersions = 1 (REG_DWORD) in both registry views',
      actual: missing.length ? `not 1: ${missing.join(', ')}` : 'all set to 1',
      source: trees.map((t) => t.source).join(', '),
    };
    if (missing.length === 0) return pass('.NET 4 uses strong cryptography and the OS TLS defaults in both registry views.', evidence);
    return warn(
      `${missing.length} of 4 .NET TLS settings are not 1; .NET code may then offer only TLS 1.0/1.1 and fail against Intune.`,
      {
        text: 'Set both values to 1 in the 64-bit and 32-bit (WOW6432Node) .NET 4 keys, then restart the server.',
        commands: ['HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319']
          .flatMap((key) => VALUES.map((name) => cmd(`reg add "${key}" /v ${name} /t REG_DWORD /d 1 /f`)))
          .concat(cmd('shutdown /r /t 0')),
        docs: LINKS.tls12,
      },
      evidence,
    );
  },
});
