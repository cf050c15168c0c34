import type { RegistryKeyFact } from '../../facts/registry.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import { formatRegistryValue } from '../../parse/registry.js';
import type { Outcome } from '../../engine/types.js';

const DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites';

/** IE ESC is on when the scope's Active Setup component has IsInstalled = 1 (or no IsInstalled at all, see below). */
export function checkIeEsc(key: RegistryKeyFact, scope: 'administrators' | 'users'): Outcome {
  const source = `${key.path}\\IsInstalled (${key.source})`;
  if (!key.exists) {
    return pass(`IE Enhanced Security Configuration for ${scope} is not installed on this server.`, { expected: 'IsInstalled = 0 or the component absent', actual: 'key absent', source });
  }
  const value = key.values.get('isinstalled');
  // Active Setup reads only a DWORD 0 as off.
  if (value?.type === 'REG_DWORD' && value.data === 0) {
    return pass(`IE Enhanced Security Configuration is off for ${scope}.`, { expected: 'IsInstalled = 0', actual: formatRegistryValue(value), source });
  }
  const remediation = {
    text:
      `Turn off IE Enhanced Security Configuration for ${scope}: Server Manager > Local Server > IE Enhanced Security ` +
      'Configuration > Off, or set IsInstalled to 0 and sign out and in again (the second command instead restarts Explorer, ' +
      'closing its open windows). The Certificate Connector for Microsoft ' +
      'Intune signs in to Microsoft Entra ID through an embedded browser, and IE ESC blocks that sign-in page.',
    commands: [
      cmd(`reg add "${key.path}" /v IsInstalled /t REG_DWORD /d 0 /f`),
      powershell('Stop-Process -Name explorer -Force'),
    ],
    docs: DOC,
  };
  const evidence = { expected: 'IsInstalled = 0', actual: value ? formatRegistryValue(value) : 'IsInstalled absent', source };
  if (!value) {
    // Active Setup treats a component without IsInstalled as installed, so the key alone does not show IE ESC off.
    return warn(
      `The IE Enhanced Security Configuration component for ${scope} has no IsInstalled value, which Active Setup reads as installed: IE ESC may be on for ${scope}. Set IsInstalled to 0 to turn it off for certain.`,
      remediation,
      evidence,
    );
  }
  return scope === 'administrators'
    ? fail('IE Enhanced Security Configuration is on for administrators; the connector sign-in will fail.', remediation, evidence)
    : warn('IE Enhanced Security Configuration is on for users; turn it off if the connector is configured by a non-administrator.', remediation, evidence);
}
