/**
 * Parser for the collector's RA key report: for each certificate with the Certificate Request
 * Agent EKU and a private key, the key provider information stored with the certificate
 * (container, provider, provider type), the key file it names and that file's ACL as SIDs and
 * numeric FileSystemRights. The key itself is never opened for reading or exported.
 */
import { psArray, psNumber, psObject, psString, psList } from './powershell-json.js';
import { ParseError } from './errors.js';

export interface KeyAce {
  sid: string;
  /** FileSystemRights as a 32-bit mask. */
  rights: number;
  allow: boolean;
}

export interface RaKeyFile {
  thumbprint: string;
  container?: string;
  provider?: string;
  /** 0 for a CNG key storage provider, 1 (PROV_RSA_FULL), 24 (PROV_RSA_AES) for CryptoAPI CSPs. */
  providerType?: number;
  file?: string;
  acl?: KeyAce[];
  /** Why the key file or its ACL could not be read. */
  error?: { message: string; hresult?: number };
}

export class KeyAclParseError extends ParseError {
  override name = 'KeyAclParseError';
}

const SID = /^S-1-\d+(-\d+)+$/i;

export function parseRaKeyFiles(text: string): RaKeyFile[] {
  return psList(text).map((item, i) => {
    const o = psObject(item, `key ${i + 1}`);
    const thumbprint = psString(o.Thumbprint)?.replace(/\s/g, '').toUpperCase();
    if (!thumbprint || !/^[0-9A-F]{40}$/.test(thumbprint)) throw new KeyAclParseError(`key ${i + 1} has no 40-hex Thumbprint`);
    const message = psString(o.Error);
    const file = typeof o.File === 'string' && o.File !== '' ? o.File : undefined;
    const acl = o.Access === undefined || o.Access === null ? undefined : psArray(o.Access).map((a, j) => ace(a, thumbprint, j));
    // The collector reads the ACL from the file it names: an ACL without it is not its output, and the fix would name no file.
    if (acl && !file) throw new KeyAclParseError(`key ${thumbprint} has an ACL (Access) but no key File it was read from`);
    return {
      thumbprint,
      container: psString(o.Container),
      provider: psString(o.Provider),
      providerType: psNumber(o.ProviderType),
      file,
      acl,
      error: message ? { message, hresult: psNumber(o.HResult) } : undefined,
    };
  });
}

function ace(item: unknown, thumbprint: string, index: number): KeyAce {
  const o = psObject(item, `key ${thumbprint} ACE ${index + 1}`);
  const sid = psString(o.Sid);
  const rights = psNumber(o.Rights);
  const type = psNumber(o.Type);
  if (!sid || !SID.test(sid) || rights === undefined || (type !== 0 && type !== 1)) {
    throw new KeyAclParseError(`key ${thumbprint} ACE ${index + 1} needs a SID, numeric Rights and Type 0 (allow) or 1 (deny)`);
  }
  return { sid: sid.toUpperCase(), rights: rights >>> 0, allow: type === 0 };
}

/** What opening a key file to use the key needs: FILE_READ_DATA, or GENERIC_READ / GENERIC_ALL. */
const READ_BITS = 0x1 | 0x80000000 | 0x10000000;

/** Whether a principal holding these SIDs may read the key file: some allow, no deny. */
export function canRead(acl: readonly KeyAce[], sids: ReadonlySet<string>): { allowed: boolean; by?: string; deniedBy?: string } {
  const mine = acl.filter((a) => sids.has(a.sid) && (a.rights & READ_BITS) !== 0);
  const deny = mine.find((a) => !a.allow);
  if (deny) return { allowed: false, deniedBy: deny.sid };
  const allow = mine.find((a) => a.allow);
  return allow ? { allowed: true, by: allow.sid } : { allowed: false };
}
