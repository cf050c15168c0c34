import type { Command, Evidence, Outcome, Remediation, Severity } from './types.js';

export function pass(message: string, evidence?: Evidence): Outcome {
  return { status: 'pass', message, evidence };
}

export function warn(message: string, remediation: Remediation, evidence?: Evidence, severity?: Severity): Outcome {
  return { status: 'warn', message, remediation, evidence, severity };
}

export function fail(message: string, remediation: Remediation, evidence?: Evidence, severity?: Severity): Outcome {
  return { status: 'fail', message, remediation, evidence, severity };
}

export function notApplicable(message: string): Outcome {
  return { status: 'skip', message, skipReason: 'not-applicable' };
}

/** A command for Command Prompt (cmd.exe): `%windir%`, `reg add`, `appcmd`, `netsh`, `certutil`. */
export function cmd(text: string): Command {
  return { shell: 'cmd', text };
}

/** A command for Windows PowerShell 5.1 (and PowerShell 7): cmdlets, `$env:`, pipelines into cmdlets. */
export function powershell(text: string): Command {
  return { shell: 'powershell', text };
}

/** The commands in order, each once: several findings of one check often share a command. */
export function uniqueCommands(commands: readonly Command[]): Command[] {
  const seen = new Set<string>();
  return commands.filter((c) => {
    const key = `${c.shell}\u0000${c.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
