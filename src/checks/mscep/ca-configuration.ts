import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell } from '../../engine/outcome.js';
import { stringValue, subkey, value } from '../../facts/registry-tree.js';
import { formatRegistryValue } from '../../parse/registry.js';

const DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';
const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo';

export default defineCheck({
  id: 'NDES-MSCEP-002',
  slug: 'mscep-ca-configuration',
  area: 'mscep',
  title: 'NDES names the certification authority it submits requests to',
  severity: 'high',
  requires: ['mscepRegistry'],
  run({ mscepRegistry: tree }) {
    const source = `${KEY}\\Configuration (${tree.source})`;
    const expected = 'REG_SZ "<CA host>\\<CA name>"';
    const remediation = {
      text:
        'NDES records its CA when the role service is configured. If the value is missing or points to a CA that no longer ' +
        'exists, remove and reconfigure the NDES role service (Server Manager > AD CS), choosing the issuing CA, then restart ' +
        'the server. Check the CA answers from the NDES server with the command below (use the configuration string of your CA).',
      commands: [cmd('certutil -config "<CAHost>\\<CA Name>" -ping'), powershell('Get-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo"')],
      docs: DOC,
    };
    if (!tree.exists) {
      return fail('The MSCEP registry key is absent: NDES is not configured, so it has no CA to submit requests to.', remediation, {
        expected,
        actual: 'MSCEP key absent',
        source,
      });
    }
    const config = stringValue(subkey(tree, 'CAInfo'), 'Configuration')?.trim();
    if (!config) {
      const raw = value(subkey(tree, 'CAInfo'), 'Configuration');
      return fail('CAInfo\\Configuration is missing, empty or not a string: NDES does not know which CA to submit requests to.', remediation, {
        expected,
        actual: raw ? formatRegistryValue(raw) : subkey(tree, 'CAInfo') ? 'value absent' : 'CAInfo subkey absent',
        source,
      });
    }
    const sep = config.indexOf('\\');
    if (sep <= 0 || sep === config.length - 1) {
      return fail(`CAInfo\\Configuration is "${config}", which is not a "<CA host>\\<CA name>" configuration string.`, remediation, {
        expected,
        actual: `"${config}"`,
        source,
      });
    }
    return pass(`NDES submits requests to the CA "${config.slice(sep + 1)}" on ${config.slice(0, sep)}.`, {
      expected,
      actual: `"${config}"`,
      source,
      details: { caHost: config.slice(0, sep), caName: config.slice(sep + 1) },
    });
  },
});
