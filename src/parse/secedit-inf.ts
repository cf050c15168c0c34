/**
 * Parser for `secedit /export /areas USER_RIGHTS /cfg <file>`: an INF file, UTF-16LE with a BOM,
 * whose `[Privilege Rights]` section lists each right as `SeXxx = *S-1-5-32-544,*S-1-5-6`.
 * Section and right names are fixed identifiers on every Windows language. Principals are
 * written as `*<SID>`; secedit writes a bare name instead when it holds one it could not turn
 * into a SID at export time (`Guest`, `svc_sql`), so both forms are kept.
 */
import { ParseError } from './errors.js';

export type RightHolder = { kind: 'sid'; sid: string } | { kind: 'name'; name: string };

export interface UserRights {
  /** By right name as written (`SeImpersonatePrivilege`); a right nobody holds has an empty list or is absent. */
  rights: Map<string, RightHolder[]>;
}

export class SeceditParseError extends ParseError {
  override name = 'SeceditParseError';
}

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
/** The value is trimmed apart: `\s*(.*?)\s*$` took quadratic time on a long run of blanks inside it. */
const ENTRY = /^\s*(Se[A-Za-z]+)\s*=(.*)$/;
const SID = /^S-1-\d+(-\d+)+$/i;

export function parseSeceditUserRights(text: string): UserRights {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const headers = lines.flatMap((l) => SECTION.exec(l)?.[1]?.trim().toLowerCase() ?? []);
  // secedit writes [Version] after the rights; without it the file was cut short, maybe mid-line.
  if (headers.includes('privilege rights') && !headers.includes('version')) {
    throw new SeceditParseError('the export ends before its [Version] section: the file is truncated');
  }
  const sections = new Set<string>();
  const rights = new Map<string, RightHolder[]>();
  let section = '';
  for (const [i, line] of lines.entries()) {
    const header = SECTION.exec(line);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      sections.add(section);
      continue;
    }
    if (section !== 'privilege rights' || line.trim() === '') continue;
    const entry = ENTRY.exec(line);
    if (!entry) throw new SeceditParseError(`line ${i + 1} of [Privilege Rights] is not "SeRight = principals": ${line.trim().slice(0, 80)}`);
    rights.set(entry[1]!, holders(entry[2]!.trim(), i + 1));
  }
  if (!sections.has('privilege rights')) {
    const said = lines.map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 160);
    throw new SeceditParseError(
      sections.size > 0 ? 'the export has no [Privilege Rights] section; was it made with /areas USER_RIGHTS?' : `not a secedit export${said ? `; it says: "${said}"` : ' (empty)'}`,
    );
  }
  return { rights };
}

function holders(list: string, lineNumber: number): RightHolder[] {
  if (list === '') return [];
  return list.split(',').map((raw) => {
    const item = raw.trim();
    if (item.startsWith('*')) {
      const sid = item.slice(1);
      if (!SID.test(sid)) throw new SeceditParseError(`line ${lineNumber}: "${item}" is not a SID`);
      return { kind: 'sid', sid: sid.toUpperCase() };
    }
    if (item === '') throw new SeceditParseError(`line ${lineNumber}: an empty principal in the list`);
    return { kind: 'name', name: item };
  });
}
