import type { RegistryKeyFact } from '../../facts/registry.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import { formatRegistryValue } from '../../parse/registry.js';
import type { Outcome } from '../../engine/types.js';

export const HTTP_SYS_REQUIRED = 65534;
const HTTP_SYS_DEFAULT = 16384;
/** What devices get: Microsoft's troubleshooting article files these values under "HTTP 414 Request-URI Too Long"; HTTP.sys answers 400 for a request over its header limits. */
const REFUSAL_CODES = ['414', '400'];
// Microsoft's SCEP setup guide no longer lists these values; its troubleshooting article does.
export const HTTP_SYS_DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes#http-414-request-uri-too-long';
const KB_820129 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows';

/** The valid range KB 820129 documents for each value. */
export const HTTP_SYS_RANGES = {
  MaxFieldLength: { min: 64, max: 65534 },
  MaxRequestBytes: { min: 256, max: 16777216 },
} as const satisfies Record<string, { min: number; max: number }>;

/**
 * Shared rule for the two HTTP.sys DWORD limits: REG_DWORD 65534 or more, within the range
 * KB 820129 documents (MaxFieldLength tops out at 65534, MaxRequestBytes at 16777216).
 */
export function checkHttpSysLimit(key: RegistryKeyFact, valueName: keyof typeof HTTP_SYS_RANGES): Outcome {
  const range = HTTP_SYS_RANGES[valueName];
  const remediation = {
    text:
      `Set ${valueName} to 65534 (decimal) as a REG_DWORD, then restart the server: HTTP.sys reads this value at boot, ` +
      'so iisreset is not enough. Devices send SCEP requests with URLs of 20 to 40 KB; with the default limit HTTP.sys ' +
      'refuses them (HTTP 414, or 400, logged only in HTTPERR) before IIS or the Intune connector sees them.',
    commands: [
      cmd(`reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v ${valueName} /t REG_DWORD /d 65534 /f`),
      cmd('shutdown /r /t 0'),
    ],
    docs: HTTP_SYS_DOC,
  };
  // MaxFieldLength allows nothing above 65534, so its range is the one value.
  const expected = `REG_DWORD ${HTTP_SYS_REQUIRED} (0xfffe)${range.max > HTTP_SYS_REQUIRED ? ` to ${range.max}` : ''}`;
  const source = `${key.path}\\${valueName} (${key.source})`;
  const value = key.values.get(valueName.toLowerCase());
  if (!value) {
    return fail(
      `${valueName} is not set, so HTTP.sys uses its default of ${HTTP_SYS_DEFAULT} bytes; long SCEP requests are rejected.`,
      remediation,
      { expected, actual: `absent (default ${HTTP_SYS_DEFAULT})`, source, codes: REFUSAL_CODES },
    );
  }
  if (value.type !== 'REG_DWORD') {
    return fail(
      `${valueName} has type ${value.type}; HTTP.sys only reads a REG_DWORD, so the default of ${HTTP_SYS_DEFAULT} applies.`,
      { ...remediation, commands: [cmd(`reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v ${valueName} /f`), ...remediation.commands] },
      { expected, actual: formatRegistryValue(value), source },
    );
  }
  const evidence = { expected, actual: formatRegistryValue(value), source };
  if (value.data < HTTP_SYS_REQUIRED) {
    const outside = value.data < range.min ? ` It is also below the documented minimum of ${range.min}, so HTTP.sys may ignore it and use ${HTTP_SYS_DEFAULT}.` : '';
    return fail(`${valueName} is ${value.data}, below the ${HTTP_SYS_REQUIRED} that SCEP requests need.${outside}`, remediation, { ...evidence, codes: REFUSAL_CODES });
  }
  if (value.data > range.max) {
    return warn(
      `${valueName} is ${value.data}, outside the range ${range.min} to ${range.max} that KB 820129 documents; HTTP.sys may ignore it ` +
        `and fall back to its default of ${HTTP_SYS_DEFAULT}, which rejects long SCEP requests. Set the documented 65534.`,
      { ...remediation, docs: KB_820129 },
      evidence,
    );
  }
  if (value.data > HTTP_SYS_REQUIRED) {
    return pass(
      `${valueName} is ${value.data}, within the documented range and above the ${HTTP_SYS_REQUIRED} Microsoft asks for; larger limits let bigger requests use more server memory.`,
      evidence,
    );
  }
  return pass(`${valueName} is ${HTTP_SYS_REQUIRED}.`, evidence);
}
