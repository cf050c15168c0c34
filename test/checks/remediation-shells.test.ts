/**
 * Every fix command names its shell and is written for it: a cmd line pasted into PowerShell, or the
 * other way round, fails or does something else (`%windir%` is not expanded by PowerShell, `$env:TEMP`
 * means nothing to cmd, an unquoted `{GUID}` is a script block to PowerShell).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { openBundle } from '../../src/collect/bundle.js';
import type { Command } from '../../src/engine/types.js';
import { runChecks } from '../../src/engine/runner.js';
import { inferShell } from '../../src/report/upgrade.js';
import { ctx } from './host-facts.js';

/** Environment variables as cmd writes them; PowerShell passes `%windir%` on literally. */
const CMD_VARIABLE = /%(?:windir|SystemRoot|SystemDrive|ProgramFiles|ProgramFiles\(x86\)|ProgramData|TEMP|TMP|USERPROFILE|APPDATA|LOCALAPPDATA|COMPUTERNAME|USERNAME|USERDOMAIN)%/i;
/** Programs the fixes call that are not PowerShell commands: their arguments go through PowerShell's parser first. */
const NATIVE = /^\s*(?:&\s*"[^"]+"|[.\\\w-]+\.exe|reg|netsh|certutil|icacls|setspn|w32tm|secedit|gpresult|iisreset|shutdown|appcmd|sc)\b/i;

/** Text outside quotes, where each shell reads its special characters. */
function unquoted(text: string, quotes: RegExp): string {
  return text.replace(quotes, ' ');
}

/** Why a command is not right for the shell it names; empty when it is. */
export function shellProblems(c: Command): string[] {
  const problems: string[] = [];
  if (c.shell === 'cmd') {
    if (inferShell(c.text) === 'powershell') problems.push('PowerShell syntax (a variable, a cmdlet, a provider path) in a cmd command');
    // cmd has no single quotes: '…' reaches the program with its quotes and split at spaces.
    if (/'/.test(unquoted(c.text, /"[^"]*"/g))) problems.push("a single quote outside double quotes, which cmd does not treat as a quote");
  } else {
    if (CMD_VARIABLE.test(unquoted(c.text, /'[^']*'/g))) problems.push('a %VARIABLE% that PowerShell does not expand (use $env:NAME)');
    const native = c.text.split('|')[0]!;
    if (NATIVE.test(native)) {
      const bare = unquoted(native.replace(/^\s*&\s*"[^"]+"/, ''), /"[^"]*"|'[^']*'/g);
      if (/[{}()@;,]/.test(bare)) problems.push('an unquoted { } ( ) @ ; or , in a native command, which PowerShell parses itself');
    }
  }
  return problems;
}

describe('shellProblems', () => {
  it('finds each mistake it looks for, and accepts the right form', () => {
    expect(shellProblems({ shell: 'powershell', text: '%windir%\\system32\\inetsrv\\appcmd.exe list apppool' })).toHaveLength(1);
    expect(shellProblems({ shell: 'powershell', text: '& "$env:windir\\system32\\inetsrv\\appcmd.exe" list apppool' })).toEqual([]);
    expect(shellProblems({ shell: 'cmd', text: 'secedit /export /cfg "$env:TEMP\\rights.inf"' })).toHaveLength(1);
    expect(shellProblems({ shell: 'cmd', text: "certutil -dstemplate | findstr '['" })).toHaveLength(1);
    expect(shellProblems({ shell: 'cmd', text: 'netsh http add sslcert "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}"' })).toEqual([]);
    expect(shellProblems({ shell: 'powershell', text: 'netsh http add sslcert appid={4dc3e181-e14b-4a21-b022-59fc669b0914}' })).toHaveLength(1);
    expect(shellProblems({ shell: 'powershell', text: 'netsh http add sslcert "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}"' })).toEqual([]);
    expect(shellProblems({ shell: 'powershell', text: 'icacls C:\\x /grant Users:(OI)(CI)R' })).toHaveLength(1);
    expect(shellProblems({ shell: 'cmd', text: 'icacls C:\\x /grant Users:(OI)(CI)R' })).toEqual([]);
    // A WQL wildcard inside a PowerShell string is not a cmd variable.
    expect(shellProblems({ shell: 'powershell', text: `Get-CimInstance Win32_Service -Filter "Name LIKE '%Connector%'"` })).toEqual([]);
  });
});

/** Each `cmd(…)` and `powershell(…)` call in the check sources with a literal argument; `${…}` parts become X. */
function sourceCommands(): { where: string; command: Command }[] {
  const root = new URL('../../src/checks/', import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const found: { where: string; command: Command }[] = [];
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const call = /(?<![\w.])(cmd|powershell)\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.|\$\{[^}]*\})*`)\s*\)/g;
    for (const m of source.matchAll(call)) {
      const literal = m[2]!;
      const body = literal
        .slice(1, -1)
        .replace(/\$\{[^}]*\}/g, 'X')
        .replace(/\\(.)/g, '$1');
      found.push({ where: `${file}: ${literal.slice(0, 60)}`, command: { shell: m[1] as Command['shell'], text: body } });
    }
  }
  return found;
}

describe('remediation commands', () => {
  it('every literal command in the checks is right for the shell it names', () => {
    const commands = sourceCommands();
    // The checks hold well over a hundred command literals; far fewer means the scan stopped finding them.
    expect(commands.length).toBeGreaterThan(120);
    for (const { where, command } of commands) {
      expect(shellProblems(command), where).toEqual([]);
      expect(inferShell(command.text), where).toBe(command.shell);
    }
  });

  it('every command the checks print on the example bundles is right for its shell', async () => {
    let seen = 0;
    for (const example of ['healthy', 'broken']) {
      const source = await openBundle(new URL(`../../examples/${example}`, import.meta.url).pathname);
      const results = await runChecks(CHECKS, source, { concurrency: 4, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: ctx });
      for (const r of results) {
        for (const command of r.remediation?.commands ?? []) {
          seen++;
          expect(shellProblems(command), `${r.id}: ${command.text}`).toEqual([]);
          expect(inferShell(command.text), `${r.id}: ${command.text}`).toBe(command.shell);
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});
