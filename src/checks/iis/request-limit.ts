import { cmd, cmdQuoted, fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { IisScepPathFact } from '../../facts/iis.js';
import { APPCMD, lockedSectionFailure } from './common.js';

export const IIS_REQUIRED = 65534;
export const REQUEST_LIMITS_DOC = 'https://learn.microsoft.com/iis/configuration/system.webServer/security/requestfiltering/requestlimits';
const TROUBLESHOOT_DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes#http-414-request-uri-too-long';

const SUBSTATUS = { maxUrl: '404.14', maxQueryString: '404.15' } as const;
/** Only the query string carries the SCEP message; maxUrl matters because Microsoft's guide sets both. */
const WHY_65534 = {
  maxUrl: "Microsoft's setup guide sets Maximum URL length to 65534 together with Maximum query string.",
  maxQueryString: 'SCEP requests carry the whole PKCS#7 message in the query string, so a lower limit refuses them with 404 (404.15 in the IIS log).',
} as const satisfies Record<keyof typeof SUBSTATUS, string>;

/**
 * The longest URL path a SCEP client asks for. IIS compares maxUrl with the path only, without the
 * query string that carries the SCEP message (that one is maxQueryString, logged as 404.15).
 */
export const SCEP_URL_PATH = '/certsrv/mscep/mscep.dll/pkiclient.exe';

/** Shared rule for the two request-filtering limits on the SCEP path: each must be 65534 or more. */
export function checkRequestLimit(fact: IisScepPathFact, name: 'maxUrl' | 'maxQueryString', details?: Record<string, unknown>): Outcome {
  const limit = fact[name];
  const scepApp = fact.target.replace(/\/mscep\.dll$/i, '');
  // A value set for a deeper path (a <location path=".../mscep.dll">) still wins over one written for the application.
  const fixAt = limit.level && limit.level.split('/').length > scepApp.split('/').length ? limit.level : scepApp;
  // In a web.config at `path` (no /commit), or in applicationHost.config for it.
  const setLimits = (path: string, commit: '' | ' /commit:apphost') =>
    `${APPCMD} set config ${cmdQuoted(path, '<site>/CertSrv/mscep')} -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534${commit}`;
  const inAppHost = setLimits(fixAt, ' /commit:apphost');
  const remediation = {
    text:
      `Raise ${name} to 65534 for ${fixAt}. ${WHY_65534[name]} Setting both limits at once keeps them consistent. ` +
      (limit.webConfigLevel
        ? `The value comes from a web.config, which overrides applicationHost.config: the command below (no /commit) rewrites that web.config. `
        : '') +
      'Then run iisreset.',
    commands: [
      cmd(limit.webConfigLevel ? setLimits(limit.webConfigLevel, '') : inAppHost),
      cmd('iisreset'),
    ],
    docs: TROUBLESHOOT_DOC,
  };
  const expected = `${IIS_REQUIRED} or more`;
  const source = limit.setBy ?? `not set in ${fact.files.join(', ')}: IIS default`;
  const evidence = {
    expected,
    actual: limit.setBy ? String(limit.value) : `absent (IIS default ${limit.value})`,
    source,
    details: { path: fact.target, ...(fact.notes.length ? { notes: fact.notes } : {}), ...details },
  };
  if (limit.refused?.length) {
    return lockedSectionFailure(
      limit.refused,
      'Remove the <requestFiltering> element from that web.config: applicationHost.config locks the section for it. Set the limits in ' +
        'applicationHost.config instead, with the command below, then run iisreset.',
      cmd(inAppHost),
      evidence,
    );
  }
  const refusesScep = name === 'maxQueryString' || limit.value < SCEP_URL_PATH.length;
  if (fact.requestFilteringInstalled === false && refusesScep && limit.value < IIS_REQUIRED) {
    const why = limit.setBy ? `is ${limit.value} (set by ${limit.setBy})` : `is not set (IIS default ${limit.value})`;
    return warn(
      `${name} for ${fact.target} ${why}, but IIS Request Filtering is not installed (no RequestFilteringModule in the ` +
        `<globalModules> of applicationHost.config), so no limit applies today. NDES needs Request Filtering (NDES-SRV-005): ` +
        `once it is installed, this value refuses every SCEP request with ${SUBSTATUS[name]}. Set ${IIS_REQUIRED} when installing it.`,
      remediation,
      evidence,
      'high',
    );
  }
  if (!refusesScep && limit.value < IIS_REQUIRED) {
    const why = limit.setBy ? `is ${limit.value} (set by ${limit.setBy})` : `is not set, so the IIS default of ${limit.value} applies`;
    return warn(
      `maxUrl for ${fact.target} ${why}. It does not stop SCEP: IIS measures maxUrl on the URL path without the query string, and ` +
        `the SCEP path ${SCEP_URL_PATH} is ${SCEP_URL_PATH.length} bytes. Microsoft's setup guide still asks for ${IIS_REQUIRED}: it sets ` +
        'Maximum URL length and Maximum query string together in the same Request Filtering dialog (the legacy connector installer ' +
        'wrote both), without a separate reason for maxUrl. Set it to match the documented configuration.',
      remediation,
      evidence,
      'low',
    );
  }
  const caveat = fact.notes.length ? ` Not taken into account: ${fact.notes.join('; ')}.` : '';
  if (limit.value < IIS_REQUIRED) {
    const why = limit.setBy ? `is ${limit.value}, set by ${limit.setBy}` : `is not set anywhere on the path, so the IIS default of ${limit.value} applies`;
    const need =
      name === 'maxUrl'
        ? `: shorter than the ${SCEP_URL_PATH.length}-byte SCEP path ${SCEP_URL_PATH}, so every SCEP request ends in 404.14. Microsoft asks for ${IIS_REQUIRED}.`
        : `; SCEP requests need ${IIS_REQUIRED}.`;
    return fail(`${name} for ${fact.target} ${why}${need}${caveat}`, remediation, { ...evidence, codes: [SUBSTATUS[name]] });
  }
  return pass(`${name} for ${fact.target} is ${limit.value} (set by ${limit.setBy}).${caveat}`, evidence);
}
