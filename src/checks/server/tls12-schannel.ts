import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass } from '../../engine/outcome.js';
import { dwordValue, subkey, value } from '../../facts/registry-tree.js';
import { formatRegistryValue } from '../../parse/registry.js';
import { LINKS } from './links.js';

const SIDES = ['Client', 'Server'] as const;

export default defineCheck({
  id: 'NDES-SRV-007',
  slug: 'tls12-schannel',
  area: 'server',
  title: 'TLS 1.2 is not disabled in SChannel',
  severity: 'high',
  requires: ['schannelProtocols'],
  run({ schannelProtocols: tree }) {
    const problems: string[] = [];
    const seen: string[] = [];
    for (const side of SIDES) {
      const key = subkey(tree, `TLS 1.2\\${side}`);
      for (const name of ['Enabled', 'DisabledByDefault']) {
        const v = value(key, name);
        if (v) seen.push(`${side}\\${name} = ${formatRegistryValue(v)}`);
      }
      // Absent values mean the OS default, which is TLS 1.2 on from Windows Server 2012 R2.
      const enabled = dwordValue(key, 'Enabled');
      const disabledByDefault = dwordValue(key, 'DisabledByDefault');
      if (enabled === 0) problems.push(`TLS 1.2\\${side}\\Enabled = 0`);
      if (disabledByDefault !== undefined && disabledByDefault !== 0) problems.push(`TLS 1.2\\${side}\\DisabledByDefault = ${disabledByDefault}`);
    }
    const evidence = {
      expected: 'TLS 1.2 Client and Server: Enabled absent or 1, DisabledByDefault absent or 0',
      actual: seen.length ? seen.join('; ') : 'no TLS 1.2 values set (OS default: enabled)',
      source: `${tree.path}\\TLS 1.2 (${tree.source})`,
    };
    if (problems.length === 0) return pass('TLS 1.2 is enabled for SChannel clients and servers.', evidence);
    const base = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2';
    return fail(
      `TLS 1.2 is switched off: ${problems.join(', ')}. The connector reaches Intune and Entra ID only over TLS 1.2.`,
      {
        text: 'Enable TLS 1.2 for SChannel clients and servers, then restart the server (SChannel reads these values at boot).',
        commands: SIDES.flatMap((side) => [
          cmd(`reg add "${base}\\${side}" /v Enabled /t REG_DWORD /d 1 /f`),
          cmd(`reg add "${base}\\${side}" /v DisabledByDefault /t REG_DWORD /d 0 /f`),
        ]).concat(cmd('shutdown /r /t 0')),
        docs: LINKS.tls12,
      },
      evidence,
    );
  },
});
