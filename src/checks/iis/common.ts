import { cmd, fail } from '../../engine/outcome.js';
import type { Command, Evidence, Outcome } from '../../engine/types.js';

export const APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe';
const LOCKED_DOC = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-error-500-19-webpage#hresult-code-0x80070021';

/**
 * A web.config on the SCEP path sets a section that applicationHost.config locks for it (`refused` names each
 * value): IIS refuses that web.config, so the fix moves the setting to applicationHost.config with `setInAppHost`.
 */
export function lockedSectionFailure(refused: readonly string[], fix: string, setInAppHost: Command, evidence: Evidence): Outcome {
  return fail(
    `${refused.join('; ')}. IIS answers every request under that web.config with HTTP 500.19 (0x80070021), SCEP requests included.`,
    { text: fix, commands: [setInAppHost, cmd('iisreset')], docs: LOCKED_DOC },
    { ...evidence, codes: ['500.19'] },
  );
}
