/**
 * Masks secrets in collected files before a bundle leaves the server. IIS keeps an application
 * pool's password in applicationHost.config (encrypted with the machine key, but a secret all the
 * same), web.config files may hold connection strings with passwords, and IIS logs hold the SCEP
 * messages devices sent, challenge included. No check reads them, so masking changes no finding.
 * Encoding, BOM and line ends are kept.
 */

export const BUNDLE_REDACTION_RULES = ['config-password', 'scep-message'] as const;

export interface BundleRedaction {
  applied: boolean;
  rules: string[];
  masked: number;
}

const MASK = '***';
/** `password="…"`, `userPassword='…'`: any attribute whose name ends in "password". */
const PASSWORD_ATTRIBUTE = /(\b[\w.-]*password\s*=\s*)(["'])(.*?)\2/gi;
/** `Password=…;` or `Pwd=…` inside a connection string. */
const CONNECTION_STRING_PASSWORD = /(\b(?:password|pwd)\s*=\s*)([^;"'<>]+)/gi;
/**
 * The `message=` of a logged SCEP request: the device's CSR with its challenge password, encrypted
 * for the RA. Short values (`message=default`, a CA name) are not messages and stay.
 */
const SCEP_MESSAGE = /(?<=[?&\s]message=)[^&\s]{64,}/gi;
/** W3C logs whose query strings carry SCEP messages. */
const W3C_LOG = /^logs\/(iis|httperr)\//;

export function redactBundleFiles(files: ReadonlyMap<string, Uint8Array>): { files: Map<string, Uint8Array>; redaction: BundleRedaction } {
  let masked = 0;
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) {
    if (W3C_LOG.test(name)) {
      // latin1 maps every byte to one character and back, so the rest of the file stays byte for byte.
      let count = 0;
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      const redacted = text.replace(SCEP_MESSAGE, () => (count++, MASK));
      masked += count;
      out.set(name, count ? Buffer.from(redacted, 'latin1') : bytes);
      continue;
    }
    // Configuration files only: logs are not configuration, and event exports are large.
    if (!/\.(config|xml)$/i.test(name) || name.startsWith('logs/')) {
      out.set(name, bytes);
      continue;
    }
    const { text, encode } = decodeKeepingEncoding(bytes);
    let count = 0;
    const redacted = text
      .replace(PASSWORD_ATTRIBUTE, (whole, key: string, quote: string, value: string) => {
        if (value === '' || value === MASK) return whole;
        count++;
        return `${key}${quote}${MASK}${quote}`;
      })
      .replace(CONNECTION_STRING_PASSWORD, (whole, key: string, value: string) => {
        if (value === MASK) return whole;
        count++;
        return `${key}${MASK}`;
      });
    masked += count;
    out.set(name, count ? encode(redacted) : bytes);
  }
  return { files: out, redaction: { applied: true, rules: [...BUNDLE_REDACTION_RULES], masked } };
}

function decodeKeepingEncoding(bytes: Uint8Array): { text: string; encode: (s: string) => Uint8Array } {
  const buf = Buffer.from(bytes);
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: buf.subarray(2).toString('utf16le'), encode: (s) => Buffer.concat([buf.subarray(0, 2), Buffer.from(s, 'utf16le')]) };
  }
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(0, 3) : Buffer.alloc(0);
  return { text: buf.subarray(bom.length).toString('utf8'), encode: (s) => Buffer.concat([bom, Buffer.from(s, 'utf8')]) };
}
