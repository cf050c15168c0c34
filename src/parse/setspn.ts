/**
 * Parser for `setspn -L <account>` output. The header line is localized
 * ("Registered ServicePrincipalNames for", "Registrierte Dienstprinzipalnamen (SPN) für",
 * "Noms de principaux du service (SPN) inscrits pour"), so only shapes are read: the
 * account's distinguished name (`CN=...,DC=...`) ends the header, and each SPN is an indented
 * `service/host` line.
 */
import { excerpt, ParseError } from './errors.js';

export interface SetspnListing {
  /** Distinguished name of the account the SPNs belong to. */
  accountDn: string;
  spns: string[];
}

export class SetspnParseError extends ParseError {
  override name = 'SetspnParseError';
}

const SPN = /^\s+([A-Za-z][\w.-]*\/\S+)\s*$/;

export function parseSetspnList(text: string): SetspnListing {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const headerIndex = lines.findIndex((l) => /^\S/.test(l) && dnAtEnd(l) !== undefined);
  if (headerIndex < 0) {
    const said = excerpt(lines.map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 400), 200);
    throw new SetspnParseError(
      said ? `setspn did not list an account; it said: "${said}"` : 'setspn printed nothing; the account name was empty or setspn did not run',
    );
  }
  // setspn ends every line with a line break: a listing that does not was cut, and may lack SPNs.
  const unix = text.replace(/\r/g, '');
  if (!unix.slice(unix.trimEnd().length).includes('\n')) {
    throw new SetspnParseError(`the listing ends in the middle of a line ("${lines.filter((l) => l.trim()).pop()!.trim().slice(0, 60)}"); it looks cut short`);
  }
  const accountDn = dnAtEnd(lines[headerIndex]!)!;
  const spns: string[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    const m = SPN.exec(line);
    if (m) spns.push(m[1]!);
    else if (/^\S/.test(line)) break;
  }
  return { accountDn, spns };
}

/**
 * The distinguished name that ends a header line (`...for CN=svc,OU=x,DC=contoso,DC=com:`): from the
 * first `CN=` or `OU=` to the end, with a `,DC=` part after which no colon follows. Found with index
 * searches rather than one regular expression, whose backtracking was cubic on a long hostile line.
 */
function dnAtEnd(line: string): string | undefined {
  const body = line.trimEnd().replace(/:$/, '');
  const lower = body.toLowerCase();
  const starts = [lower.indexOf('cn='), lower.indexOf('ou=')].filter((i) => i >= 0);
  if (starts.length === 0) return undefined;
  const start = Math.min(...starts);
  const lastDc = lower.lastIndexOf(',dc=');
  if (lastDc < start + 3) return undefined;
  const tail = body.slice(lastDc + 4);
  if (tail.trim() === '' || tail.includes(':')) return undefined;
  return body.slice(start).trim();
}
