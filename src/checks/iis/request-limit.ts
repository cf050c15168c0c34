import { fail, pass } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { IisScepPathFact } from '../../facts/iis.js';

export const IIS_REQUIRED = 65534;
const APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe';
export const REQUEST_LIMITS_DOC = 'https://learn.microsoft.com/iis/configuration/system.webServer/security/requestfiltering/requestlimits';
const TROUBLESHOOT_DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';

const SUBSTATUS = { maxUrl: '404.14', maxQueryString: '404.15' } as const;

/** Shared rule for the two request-filtering limits on the SCEP path: each must be 65534 or more. */
export function checkRequestLimit(fact: IisScepPathFact, name: 'maxUrl' | 'maxQueryString', details?: Record<string, unknown>): Outcome {
  const limit = fact[name];
  const scepApp = fact.target.replace(/\/mscep\.dll$/i, '');
  const remediation = {
    text:
      `Raise ${name} to 65534 for ${scepApp}. SCEP requests carry the whole PKCS#7 message in the query string, ` +
      `so the IIS defaults reject them with 404 (${SUBSTATUS[name]} in the IIS log). Setting both limits at once keeps them consistent. ` +
      (limit.webConfigLevel
        ? `The value comes from a web.config, which overrides applicationHost.config: the command below (no /commit) rewrites that web.config. `
        : '') +
      'Then run iisreset.',
    commands: [
      limit.webConfigLevel
        ? `${APPCMD} set config "${limit.webConfigLevel}" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534`
        : `${APPCMD} set config "${scepApp}" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534 /commit:apphost`,
      'iisreset',
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
  if (limit.value < IIS_REQUIRED) {
    const why = limit.setBy ? `is ${limit.value}, set by ${limit.setBy}` : `is not set anywhere on the path, so the IIS default of ${limit.value} applies`;
    return fail(`${name} for ${fact.target} ${why}; SCEP requests need ${IIS_REQUIRED}.`, remediation, { ...evidence, codes: [SUBSTATUS[name]] });
  }
  const caveat = fact.notes.length ? ` Not all configuration could be taken into account: ${fact.notes.join('; ')}.` : '';
  return pass(`${name} for ${fact.target} is ${limit.value} (set by ${limit.setBy}).${caveat}`, evidence);
}
