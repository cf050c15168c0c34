/**
 * Error codes written inside event data and connector logs: HRESULTs (`0x80094800`, or signed
 * decimal as certutil prints them, `-2146875392`) and the legacy Intune connector's diagnostic
 * codes (`0x00000400`..`0x00000411`, `0x0FFFFFFF`). Found by shape, never by the localized text.
 */

/** Upper-case hex after `0x`, as Microsoft's tables write codes: `0x800706BA`. */
export function formatHresult(n: number): string {
  return `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** HRESULT-shaped values (severity bit set) in a text, in order of appearance, without repeats. */
export function findHresults(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![0-9A-Za-z])(?:0x([0-9A-Fa-f]{8})(?![0-9A-Fa-f])|(-2\d{9})(?!\d))/g)) {
    const n = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (n < -2147483648) continue;
    if ((n >>> 0) >= 0x80000000) out.add(formatHresult(n));
  }
  return [...out];
}

/** The legacy connector's diagnostic codes; `0x0FFFFFFFF` (a typo in Microsoft's table) reads as 0x0FFFFFFF. */
export function findDiagnosticCodes(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![0-9A-Za-z])0x(0000040[0-9A-Fa-f]|0000041[01]|0FFFFFFFF?)(?![0-9A-Fa-f])/gi)) {
    const hex = m[1]!.toUpperCase();
    out.add(hex.startsWith('0FFFFFFF') ? '0x0FFFFFFF' : `0x${hex}`);
  }
  return [...out];
}

/**
 * English messages of CA errors that NDES writes into event 31 without their code (it logs the
 * generic 0x80004005 next to the CA's text). Matching them names the code on English servers; on
 * others the text is reported as written.
 */
export const CA_ERROR_TEXTS: readonly { hresult: string; text: RegExp }[] = [
  { hresult: '0x80094800', text: /requested certificate template is not supported by this CA/i },
  { hresult: '0x80094012', text: /permissions on the certificate template do not allow the current user to enroll/i },
  { hresult: '0x800706BA', text: /RPC server is unavailable/i },
  { hresult: '0x80092013', text: /unable to check revocation because the revocation server was offline/i },
  { hresult: '0x80094811', text: /public key does not meet the minimum size required/i },
  { hresult: '0x80094001', text: /request subject name is invalid or too long/i },
  { hresult: '0x800B0114', text: /not included in the permitted list or is explicitly excluded/i },
];

/** Codes so generic that the CA's own text says more (E_FAIL). */
export const GENERIC_HRESULTS: ReadonlySet<string> = new Set(['0x80004005']);
