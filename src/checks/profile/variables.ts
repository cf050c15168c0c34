/**
 * The variables Intune substitutes in a SCEP profile's subject and subject alternative names, as
 * Microsoft documents them ("Create and assign SCEP certificate profiles in Intune"), and what
 * each one needs from the device. Names are matched without regard to case: the documentation
 * itself writes {{SERIALNUMBER}} and {{SerialNumber}}, {{onPremisesSamAccountName}} and
 * {{OnPremisesSamAccountName}}.
 */

export interface Variable {
  /** As Microsoft writes it. */
  name: string;
  /** Other names for the same value. */
  aliases?: readonly string[];
  /** User variables are for user certificates only; device variables work in both. */
  scope: 'user' | 'device';
  /** What it holds, for messages. */
  holds: string;
  /** Reported by the device itself, so someone with access to the device can change it. */
  deviceReported?: boolean;
  /** Exists only on devices with a cellular modem; the profile fails to install where it is missing. */
  needsModem?: boolean;
  /** A hardware identifier Android 12 and later withhold from personally-owned work profiles. */
  hardwareId?: boolean;
}

export const VARIABLES: readonly Variable[] = [
  { name: 'UserName', scope: 'user', holds: "the user's name, such as janedoe" },
  { name: 'UserPrincipalName', scope: 'user', holds: "the user's UPN, such as janedoe@contoso.com" },
  { name: 'EmailAddress', scope: 'user', holds: "the user's email address" },
  { name: 'OnPrem_Distinguished_Name', scope: 'user', holds: "the user's on-premises distinguished name (synced by Microsoft Entra Connect)" },
  { name: 'OnPremisesSamAccountName', scope: 'user', holds: "the user's on-premises sAMAccountName (synced by Microsoft Entra Connect)" },
  { name: 'OnPremisesUserPrincipalName', scope: 'user', holds: "the user's on-premises UPN (synced by Microsoft Entra Connect)" },
  { name: 'Department', scope: 'user', holds: "the user's department" },
  // Documented in 2025 for S/MIME subjects (G={{GivenName}}, SN={{SurName}}).
  { name: 'GivenName', scope: 'user', holds: "the user's given name" },
  { name: 'SurName', scope: 'user', holds: "the user's surname" },
  { name: 'OnPremisesSecurityIdentifier', scope: 'device', holds: 'the on-premises SID of the user, or of a Microsoft Entra hybrid joined device, for strong certificate mapping' },
  { name: 'AAD_Device_ID', aliases: ['AzureADDeviceId'], scope: 'device', holds: 'the Microsoft Entra device ID' },
  { name: 'DeviceId', scope: 'device', holds: 'the Intune device ID' },
  { name: 'SerialNumber', aliases: ['Device_Serial'], scope: 'device', holds: 'the serial number', deviceReported: true, hardwareId: true },
  { name: 'IMEI', aliases: ['IMEINumber', 'Device_IMEI'], scope: 'device', holds: 'the IMEI', deviceReported: true, needsModem: true, hardwareId: true },
  { name: 'MEID', scope: 'device', holds: 'the MEID', deviceReported: true, needsModem: true, hardwareId: true },
  { name: 'WiFiMacAddress', scope: 'device', holds: 'the Wi-Fi MAC address', deviceReported: true },
  { name: 'DeviceName', scope: 'device', holds: 'the device name', deviceReported: true },
  { name: 'FullyQualifiedDomainName', scope: 'device', holds: "the device's domain FQDN (Windows domain-joined devices only)", deviceReported: true },
];

export const SID_VARIABLE = 'OnPremisesSecurityIdentifier';

const BY_NAME = new Map(VARIABLES.flatMap((v) => [v.name, ...(v.aliases ?? [])].map((n) => [n.toLowerCase(), v] as const)));

export function findVariable(name: string): Variable | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function isVariable(v: Variable | undefined, name: string): boolean {
  return v?.name === name;
}

/** One `{{Name}}` in a subject or SAN value. */
export interface VariableUse {
  /** As written, with its braces. */
  written: string;
  name: string;
  variable?: Variable;
}

export interface ScannedText {
  uses: VariableUse[];
  /** The text with every `{{...}}` taken out: what Intune copies as it is. */
  staticText: string;
}

const TOKEN = /\{\{([^{}]*)\}\}/g;

/** Splits a subject or SAN value into its variables and its static text. */
export function scanText(text: string): ScannedText {
  const uses = [...text.matchAll(TOKEN)].map((m) => ({ written: m[0], name: m[1]!, variable: findVariable(m[1]!) }));
  return { uses, staticText: text.replace(TOKEN, '') };
}

/** A known variable whose name is within two edits of the unknown one, to suggest it. */
export function closestVariable(name: string): Variable | undefined {
  let best: { v: Variable; d: number } | undefined;
  for (const v of VARIABLES) {
    for (const candidate of [v.name, ...(v.aliases ?? [])]) {
      const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (d <= 2 && (!best || d < best.d)) best = { v, d };
    }
  }
  return best?.v;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
