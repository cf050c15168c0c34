import type { Command, Shell } from '../engine/types.js';
import { SCHEMA_VERSION } from './model.js';

/** Schema versions `report`, `--baseline` and `--history` read; older ones are brought up to SCHEMA_VERSION (2 to 3 only adds fields). */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2, SCHEMA_VERSION];

/**
 * What marks a command as PowerShell: a variable (`$env:TEMP`, `$_`), a Verb-Noun cmdlet, a provider
 * path (`Cert:\`, `HKLM:\`), the call operator, a type accelerator. Everything ndes-doctor prints
 * without these is a native command written for cmd.
 */
const POWERSHELL_SYNTAX =
  /\$(?:env:|_\b|\(|[A-Za-z]\w*)|\b(?:Add|Clear|Copy|Disable|Enable|Export|ForEach|Format|Get|Import|Install|Invoke|Measure|Move|New|Out|Read|Register|Remove|Rename|Request|Reset|Resolve|Restart|Resume|Select|Set|Sort|Start|Stop|Suspend|Test|Uninstall|Unlock|Update|Wait|Where|Write)-[A-Z][A-Za-z]+\b|\b(?:Cert|HKLM|HKCU|IIS):\\|^\s*&\s|\[[A-Za-z.]+\]::|\[pscustomobject\]/;

/** The shell a command was most likely written for: schema-1 reports name none. */
export function inferShell(text: string): Shell {
  return POWERSHELL_SYNTAX.test(text) ? 'powershell' : 'cmd';
}

/** A schema-1 command (a bare string) as a schema-2 one; a schema-2 command as it is; anything else undefined. */
export function commandOf(value: unknown): Command | undefined {
  if (typeof value === 'string') return { shell: inferShell(value), text: value };
  const c = value as Partial<Command> | null;
  if (c && typeof c === 'object' && (c.shell === 'cmd' || c.shell === 'powershell') && typeof c.text === 'string') return { shell: c.shell, text: c.text };
  return undefined;
}

/**
 * A parsed report of a readable schema version in the current shape. Schema 1 differs only in
 * `remediation.commands`, strings there and `{ shell, text }` now. Returns undefined when a command is
 * neither, so the caller reports the file as malformed.
 */
export function upgradeResults(results: readonly unknown[]): unknown[] | undefined {
  const out: unknown[] = [];
  for (const r of results) {
    const remediation = (r as { remediation?: { commands?: unknown } } | null)?.remediation;
    if (!remediation || remediation.commands === undefined) {
      out.push(r);
      continue;
    }
    if (!Array.isArray(remediation.commands)) return undefined;
    const commands = remediation.commands.map(commandOf);
    if (commands.some((c) => c === undefined)) return undefined;
    out.push({ ...(r as object), remediation: { ...remediation, commands } });
  }
  return out;
}
