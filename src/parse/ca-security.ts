/**
 * Parser for the collector's reading of the CA's security: the `Security` configuration entry
 * of the CA that MSCEP\CAInfo names, read over DCOM with ICertAdmin2::GetConfigEntry and kept as
 * the base64 of its bytes (a self-relative security descriptor). certutil -getreg CA\Security
 * prints the same descriptor with translated role names and account names; this keeps SIDs and
 * masks, so it reads alike on every Windows language.
 */
import { ParseError } from './errors.js';
import { parsePsJson, psNumber, psObject, psString } from './powershell-json.js';
import { parseSecurityDescriptor, type SecurityDescriptor } from './security-descriptor.js';

/** The CA's access mask bits ([MS-CSRA] 3.1.1.7; CA_ACCESS_* in certadm.h). */
export const CA_ACCESS = {
  ADMIN: 0x1,
  OFFICER: 0x2,
  AUDITOR: 0x4,
  OPERATOR: 0x8,
  READ: 0x100,
  ENROLL: 0x200,
} as const satisfies Record<string, number>;

/** The CA console's names for the bits, for messages. */
const CA_RIGHT_NAMES: Record<keyof typeof CA_ACCESS, string> = {
  ADMIN: 'Manage CA',
  OFFICER: 'Issue and Manage Certificates',
  AUDITOR: 'Auditor',
  OPERATOR: 'Operator (backup)',
  READ: 'Read',
  ENROLL: 'Request Certificates',
};

export type CaSecurity =
  | { read: true; config: string; descriptor: SecurityDescriptor }
  | { read: false; config?: string; error: { message: string; hresult?: number } };

export class CaSecurityParseError extends ParseError {
  override name = 'CaSecurityParseError';
}

export function parseCaSecurity(text: string): CaSecurity {
  const o = psObject(parsePsJson(text), 'ca/security.json');
  const config = psString(o.Config)?.trim() || undefined;
  const message = psString(o.Error);
  if (message) return { read: false, config, error: { message, hresult: psNumber(o.HResult) } };
  const b64 = psString(o.Security)?.trim();
  if (!config || !b64) throw new CaSecurityParseError('needs Config and Security (base64), or Error');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new CaSecurityParseError('Security is not base64');
  return { read: true, config, descriptor: parseSecurityDescriptor(Buffer.from(b64, 'base64')) };
}

/** The names of the CA rights a mask holds, e.g. `Manage CA, Issue and Manage Certificates`. */
export function caRights(mask: number): string {
  const names = (Object.keys(CA_ACCESS) as (keyof typeof CA_ACCESS)[]).filter((k) => (mask & CA_ACCESS[k]) !== 0).map((k) => CA_RIGHT_NAMES[k]);
  const rest = mask & ~Object.values(CA_ACCESS).reduce((a, b) => a | b, 0);
  return [...names, ...(rest ? [`0x${(rest >>> 0).toString(16)}`] : [])].join(', ') || 'no right';
}
