import { ownValue } from './own-value.js';

/**
 * What every parser may throw: a ParseError (or a subclass naming the format) whose message says
 * what is wrong in words a reader can act on. Anything else escaping a parser is a bug; the fuzz
 * suite (test/parse/fuzz.test.ts) holds every parser to this.
 */
export class ParseError extends Error {
  override name = 'ParseError';
}

const DEEP = 'the data is nested too deeply to read (thousands of levels: a damaged or hostile file)';

/**
 * Runtime and OpenSSL messages put into what happened. OpenSSL writes its error queue as
 * `C0E7…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/…/ssl3_record.c:355:`;
 * the reason is kept, the codes and source paths go.
 */
export function plainMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /call stack/i.test(message)) return DEEP;
  if (/Maximum call stack size exceeded/i.test(message)) return message.replace(/Maximum call stack size exceeded/gi, DEEP);
  return message.replace(OPENSSL_ERROR, (_all, reason: string) => ownValue(OPENSSL_REASONS, reason.toLowerCase()) ?? `OpenSSL: ${reason}`).trim();
}

/** `[prefix:]error:<hex code>:<library>:[<function>]:<reason>[:<file>:<line>:[<data>]]` */
const OPENSSL_ERROR = /(?:[0-9A-F]{4,16}:)?error:[0-9A-F]{8}:[^:\n]*:[^:\n]*:([^:\n]+)(?::[^:\s]*\.c:\d+:?[^\s]*)?/gi;

const OPENSSL_REASONS: Record<string, string> = {
  'wrong version number': 'the server did not answer with TLS (is this port plain HTTP?)',
  'unsupported protocol': 'the server and this client have no TLS version in common',
  'tlsv1 alert protocol version': 'the server refused this TLS version',
  'sslv3 alert handshake failure': 'the server refused the handshake (no cipher or TLS version in common)',
  'no protocols available': 'no TLS version is allowed for this connection',
  'unexpected eof while reading': 'the connection closed in the middle of the TLS handshake',
  'packet length too long': 'the server sent something that is not TLS',
  'record layer failure': 'the server sent something that is not TLS',
  'dh key too small': "the server's Diffie-Hellman key is too small to be accepted",
  'unsafe legacy renegotiation disabled': 'the server needs legacy TLS renegotiation, which is unsafe and refused',
  'certificate verify failed': 'the server certificate could not be verified',
  'header too long': 'the DER data is damaged (an ASN.1 length runs past the end)',
  'too long': 'the DER data is damaged (an ASN.1 length runs past the end)',
  'wrong tag': 'the DER data is damaged (an unexpected ASN.1 tag)',
  'nested asn1 error': 'the DER data is damaged (a nested ASN.1 structure is invalid)',
  'not enough data': 'the DER data is cut short',
  'unsupported algorithm': 'the certificate uses an algorithm OpenSSL cannot load',
  'no start line': 'not a certificate (neither PEM nor DER)',
};

const SECRET_WORD = /(?:password|passwort|kennwort|passwd|pwd|secret|mot de passe|contrase(?:ñ|n)a|senha|wachtwoord|challenge)\S*\s*[:=]\s*\S+/gi;
/**
 * Tokens shaped like a challenge or key, never needed to locate a problem: 16 or more hex digits
 * (an NDES challenge is 16) and base64 runs of 20 or more characters mixing cases and digits.
 * HRESULTs (`0x800706ba`) and short hex words stay.
 */
const RANDOM_TOKEN = /(?<![A-Za-z0-9+/])(?:[0-9A-Fa-f]{16,}|[A-Za-z0-9+/_-]{20,}={0,2})(?![A-Za-z0-9+/])/g;

/**
 * A short quotation of artifact text for an error message: at most `max` characters, with
 * anything that could be a secret masked and control characters shown as escapes. A message
 * quoting a malformed file must never carry a challenge password or a key out of it.
 */
export function excerpt(text: string, max = 40): string {
  const chars = Array.from(text.slice(0, max * 2 + 2));
  const masked = chars
    .slice(0, max)
    .join('')
    .replace(SECRET_WORD, (m) => m.replace(/([:=]\s*)\S+$/, '$1***'))
    .replace(RANDOM_TOKEN, (t) => (/^[0-9A-Fa-f]+$/.test(t) || (/\d/.test(t) && /[a-z]/.test(t) && /[A-Z]/.test(t)) ? '***' : t))
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return chars.length > max ? `${masked}…` : masked;
}

/** JSON.parse's message without the slice of input V8 quotes into it. */
export function jsonProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, ' (not valid JSON)').replace(/^Unexpected token '(.)'/su, (_a, c: string) => `Unexpected character ${JSON.stringify(c)}`);
}
