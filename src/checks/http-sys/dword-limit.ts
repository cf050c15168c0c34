import type { RegistryKeyFact } from '../../facts/registry.js';
import { fail, pass } from '../../engine/outcome.js';
import { formatRegistryValue } from '../../parse/registry.js';
import type { Outcome } from '../../engine/types.js';

export const HTTP_SYS_REQUIRED = 65534;
const HTTP_SYS_DEFAULT = 16384;
const DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure#configure-ndes-for-use-with-intune';

/** Shared rule for the two HTTP.sys DWORD limits: both must be REG_DWORD 65534 or more. */
export function checkHttpSysLimit(key: RegistryKeyFact, valueName: 'MaxFieldLength' | 'MaxRequestBytes'): Outcome {
  const remediation = {
    text:
      `Set ${valueName} to 65534 (decimal) as a REG_DWORD, then restart the server: HTTP.sys reads this value at boot, ` +
      'so iisreset is not enough. Devices send SCEP requests with URLs of 20 to 40 KB; with the default limit HTTP.sys ' +
      'rejects them with HTTP 400 before IIS or the Intune connector sees them.',
    commands: [
      `reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v ${valueName} /t REG_DWORD /d 65534 /f`,
      'shutdown /r /t 0',
    ],
    docs: DOC,
  };
  const expected = `REG_DWORD ${HTTP_SYS_REQUIRED} (0xfffe) or more`;
  const source = `${key.path}\\${valueName} (${key.source})`;
  const value = key.values.get(valueName.toLowerCase());
  if (!value) {
    return fail(
      `${valueName} is not set, so HTTP.sys uses its default of ${HTTP_SYS_DEFAULT} bytes; long SCEP requests are rejected.`,
      remediation,
      { expected, actual: `absent (default ${HTTP_SYS_DEFAULT})`, source, codes: ['400'] },
    );
  }
  if (value.type !== 'REG_DWORD') {
    return fail(
      `${valueName} has type ${value.type}; HTTP.sys only reads a REG_DWORD, so the default of ${HTTP_SYS_DEFAULT} applies.`,
      { ...remediation, commands: [`reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v ${valueName} /f`, ...remediation.commands] },
      { expected, actual: formatRegistryValue(value), source },
    );
  }
  if (value.data < HTTP_SYS_REQUIRED) {
    return fail(
      `${valueName} is ${value.data}, below the ${HTTP_SYS_REQUIRED} that SCEP requests need.`,
      remediation,
      { expected, actual: formatRegistryValue(value), source, codes: ['400'] },
    );
  }
  if (value.data > HTTP_SYS_REQUIRED) {
    return pass(
      `${valueName} is ${value.data}, above the ${HTTP_SYS_REQUIRED} Microsoft documents; it works, though larger limits let bigger requests consume server memory.`,
      { expected, actual: formatRegistryValue(value), source },
    );
  }
  return pass(`${valueName} is ${HTTP_SYS_REQUIRED}.`, { expected, actual: formatRegistryValue(value), source });
}
