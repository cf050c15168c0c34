/**
 * Parser for `setspn -L <account>` output. The header line is localized
 * ("Registered ServicePrincipalNames for", "Registrierte Dienstprinzipalnamen (SPN) für",
 * "Noms de principaux du service (SPN) inscrits pour"), so only shapes are read: the
 * account's distinguished name (`CN=...,DC=...`) ends the header, and each SPN is an indented
 * `service/host` line.
 */

export interface SetspnListing {
  /** Distinguished name of the account the SPNs belong to. */
  accountDn: string;
  spns: string[];
}

export class SetspnParseError extends Error {
  override name = 'SetspnParseError';
}

const DN = /((?:CN|OU)=.*?,DC=[^:]+):?\s*$/i;
const SPN = /^\s+([A-Za-z][\w.-]*\/\S+)\s*$/;

export function parseSetspnList(text: string): SetspnListing {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const headerIndex = lines.findIndex((l) => /^\S/.test(l) && DN.test(l));
  if (headerIndex < 0) {
    const said = lines.map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 200);
    throw new SetspnParseError(
      said ? `setspn did not list an account; it said: "${said}"` : 'setspn printed nothing; the account name was empty or setspn did not run',
    );
  }
  // setspn ends every line with a line break: a listing that does not was cut, and may lack SPNs.
  if (!/\n\s*$/.test(text.replace(/\r/g, ''))) {
    throw new SetspnParseError(`the listing ends in the middle of a line ("${lines.filter((l) => l.trim()).pop()!.trim().slice(0, 60)}"); it looks cut short`);
  }
  const accountDn = DN.exec(lines[headerIndex]!)![1]!.trim();
  const spns: string[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    const m = SPN.exec(line);
    if (m) spns.push(m[1]!);
    else if (/^\S/.test(line)) break;
  }
  return { accountDn, spns };
}
