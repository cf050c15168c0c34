import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass } from '../../engine/outcome.js';
import { formatRegistryValue } from '../../parse/registry.js';
import { subkey, value } from '../../facts/registry-tree.js';
import { LINKS } from './links.js';

/** `Release` of .NET Framework 4.7.2, the version the connector targets. */
export const NET_472_RELEASE = 461808;

export default defineCheck({
  id: 'NDES-SRV-006',
  slug: 'dotnet-framework-version',
  area: 'server',
  title: '.NET Framework 4.7.2 or later is installed',
  severity: 'high',
  requires: ['dotnetFramework'],
  run({ dotnetFramework: tree }) {
    const release = value(subkey(tree, ''), 'Release');
    const expected = `Release REG_DWORD ${NET_472_RELEASE} (4.7.2) or more`;
    const source = `${tree.path}\\Release (${tree.source})`;
    const remediation = {
      text:
        'Install .NET Framework 4.8 (offline installer ndp48-x86-x64-allos-enu.exe from Microsoft; 4.7.2 is the minimum), then restart. ' +
        'The Certificate Connector for Microsoft Intune targets .NET 4.7.2, and its installer cannot fetch it on a server without internet access.',
      commands: [
        cmd('.\\ndp48-x86-x64-allos-enu.exe /q /norestart'),
        cmd('shutdown /r /t 0'),
        cmd(`reg query "HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full" /v Release`),
      ],
      docs: LINKS.prerequisites,
    };
    if (!tree.exists || !release) {
      return fail('.NET Framework 4.x is not installed (no Release value).', remediation, { expected, actual: tree.exists ? 'Release absent' : 'key absent', source });
    }
    if (release.type !== 'REG_DWORD') {
      return fail(`Release has type ${release.type}, not REG_DWORD; the .NET 4 installation looks damaged.`, remediation, { expected, actual: formatRegistryValue(release), source });
    }
    if (release.data < NET_472_RELEASE) {
      return fail(`.NET Framework Release ${release.data} is older than 4.7.2 (${NET_472_RELEASE}).`, remediation, { expected, actual: formatRegistryValue(release), source });
    }
    return pass(`.NET Framework Release ${release.data} is 4.7.2 or later.`, { expected, actual: formatRegistryValue(release), source });
  },
});
