import { longUrlAnswer, type Exchange } from '../../recordings/probes.js';
import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { Evidence, Outcome, Remediation } from '../../engine/types.js';
import { classifyRefusal, type Refusal } from '../../parse/scep-response.js';
import { bodyOf, codesFor, DOCS, exchanges, onTarget } from './common.js';

/**
 * Request-target sizes (bytes) the verdict turns on. Seed 002 asks reverse proxies to accept URIs "up to 40 kb";
 * KB 820129 says HTTP.sys MaxFieldLength 65534 "translates to approximately 32k characters for a URL", so NDES
 * configured as documented refuses somewhere above 30 KB; 16 KB is the HTTP.sys default (MaxFieldLength 16384).
 */
export const LONG_URL_LIMITS = { proxy: 40_960, ndes: 30_720, httpSysDefault: 16_384 } as const;

const NDES_LAYERS: readonly Refusal['layer'][] = ['http-sys', 'iis-request-filtering'];
const LAYER_NAMES: Record<Refusal['layer'], string> = {
  'http-sys': "the NDES server's HTTP.sys",
  'iis-request-filtering': "the NDES server's IIS request filtering",
  'reverse-proxy': 'a proxy or front end',
  connection: 'something on the path that drops the connection',
  unknown: 'an unidentified layer',
};

const FIX: Record<Refusal['layer'], Remediation> = {
  'http-sys': {
    text: 'Raise the HTTP.sys limits on the NDES server to 65534 and restart the server (HTTP.sys reads them at boot); see NDES-HSYS-001 and NDES-HSYS-002.',
    commands: [
      cmd('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /t REG_DWORD /d 65534 /f'),
      cmd('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxRequestBytes /t REG_DWORD /d 65534 /f'),
      cmd('shutdown /r /t 0'),
    ],
    docs: DOCS.configure,
  },
  'iis-request-filtering': {
    text: 'Raise the IIS request-filtering limits maxUrl and maxQueryString to 65534 for /CertSrv/mscep; NDES-IIS-001 and NDES-IIS-002 name the file that sets them now, in case a web.config overrides applicationHost.config.',
    commands: [
      cmd('%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534 /commit:apphost'),
      cmd('iisreset'),
    ],
    docs: DOCS.requestLimits,
  },
  'reverse-proxy': {
    text:
      'A proxy, load balancer, WAF or application proxy in front of NDES refuses long URLs. Microsoft asks third-party reverse proxies to accept URIs up to 40 KB: raise its request-line/header limit to at least that, 64 KB for headroom ' +
      '(nginx: large_client_header_buffers 4 64k; Apache: LimitRequestLine 65536; F5/NetScaler/WAF: maximum URL and query length). Microsoft Entra application proxy accepts them.',
    docs: DOCS.appProxy,
  },
  connection: {
    text: 'Something on the path drops the connection when the URL is long (a firewall or WAF rule, or HTTP.sys). Test from inside the network with the same URL to find the layer, and look in %SystemRoot%\\System32\\LogFiles\\HTTPERR on the NDES server.',
    commands: [powershell('Get-ChildItem $env:SystemRoot\\System32\\LogFiles\\HTTPERR | Sort-Object LastWriteTime | Select-Object -Last 1 | Get-Content -Tail 20')],
    docs: DOCS.deviceToNdes,
  },
  unknown: {
    text: 'Find the component that answers with this status for long URLs (IIS log, HTTPERR log, proxy logs) and raise its URL limit to at least 40 KB.',
    docs: DOCS.deviceToNdes,
  },
};

export default defineCheck({
  id: 'NDES-NET-012',
  slug: 'long-url-path',
  area: 'endpoint',
  title: 'Long SCEP URLs get through: proxies accept 40 KB, NDES its documented limit',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const tries = exchanges(t, 'long-url').filter((e) => typeof e.request.requestTargetBytes === 'number');
      if (tries.length === 0) {
        return { status: 'skip', skipReason: 'not-applicable', message: t.notes.find((n) => n.startsWith('long-URL')) ?? `The long-URL search was not run for ${t.url}.` };
      }
      const size = (e: Exchange) => e.request.requestTargetBytes!;
      const bySize = (a: Exchange, b: Exchange) => size(a) - size(b);
      const baseline = exchanges(t, 'getcacaps')[0]?.response;
      const answer = (e: Exchange) => longUrlAnswer(e, baseline);
      const accepted = tries.filter((e) => answer(e) === 'accepted').map(size);
      const refusedTries = tries.filter((e) => answer(e) === 'refused').sort(bySize);
      const undecidedTries = tries.filter((e) => answer(e) === 'undecided').sort(bySize);
      const largest = accepted.length ? Math.max(...accepted) : undefined;
      const refused = refusedTries[0];
      const undecided = undecidedTries[0];
      /** Whether a request target of `bytes` gets through: known from an accepted larger one or a refused smaller one. */
      const accepts = (bytes: number): boolean | undefined =>
        accepted.some((a) => a >= bytes) ? true : refusedTries.some((e) => size(e) <= bytes) ? false : undefined;
      const refusal = refused && refusalOf(refused);
      const evidence = {
        expected: `nothing refused at ${LONG_URL_LIMITS.httpSysDefault} bytes or below; the NDES server's own HTTP.sys or IIS refusing only above ${LONG_URL_LIMITS.ndes} bytes; any proxy in front accepting ${LONG_URL_LIMITS.proxy} bytes`,
        actual: `largest accepted: ${largest ?? 'none'} bytes${refused ? `; refused at ${size(refused)} bytes by ${refusal!.layer} (${refusal!.code})` : ''}${undecided ? `; no answer at ${size(undecided)} bytes (${undecided.error?.code ?? 'no response'})` : ''}`,
        source: `GetCACaps requests with a padded message parameter to ${t.url}`,
        ...(refusal && codesFor(refusal.code)),
        details: {
          largestAcceptedBytes: largest ?? null,
          refusedAtBytes: refused ? size(refused) : null,
          refusedBy: refusal?.layer ?? null,
          undecidedAtBytes: undecided ? size(undecided) : null,
          attempts: tries.map((e) => ({ bytes: size(e), status: e.response?.status ?? e.error?.code })),
        },
      };
      const got = `largest accepted: ${largest ?? 'none'} bytes`;
      if (!refused || !refusal) {
        if (undecided) return couldNotDecide(t.host, undecided, got, evidence);
        return pass(`The path to ${t.host} accepts SCEP URLs of ${largest} bytes.`, evidence);
      }
      const layer = LAYER_NAMES[refusal.layer];
      // The detail names who refused, as a sentence of its own: "HTTP.sys (...) refused it: ...".
      const where = ` ${refusal.detail[0]!.toUpperCase()}${refusal.detail.slice(1)}.`;
      const fix = FIX[refusal.layer];
      if (accepts(LONG_URL_LIMITS.httpSysDefault) === false) {
        return fail(
          `The path to ${t.host} refuses SCEP URLs at or below 16 KB (refused at ${size(refused)} bytes, ${got}), the HTTP.sys default region: device requests reach 40 KB and fail.${where}`,
          fix,
          evidence,
        );
      }
      const ndes = NDES_LAYERS.includes(refusal.layer);
      const at30 = accepts(LONG_URL_LIMITS.ndes);
      const at40 = accepts(LONG_URL_LIMITS.proxy);
      if (ndes && at30 === true) {
        return pass(
          `The path to ${t.host} accepts SCEP URLs of ${largest} bytes; ${layer} refuses ${size(refused)} bytes, which is where Microsoft's documented settings put the limit (HTTP.sys MaxFieldLength 65534 is about 32K characters of URL).`,
          evidence,
        );
      }
      if (at30 === false) {
        return fail(
          ndes
            ? `${capitalize(layer)} refuses SCEP URLs of ${size(refused)} bytes (${got}): below the ~32K characters Microsoft's documented limits allow (HTTP.sys MaxFieldLength and MaxRequestBytes, IIS maxUrl and maxQueryString, all 65534), so larger device requests fail.${where}`
            : `${capitalize(layer)} refuses SCEP URLs of ${size(refused)} bytes (${got}), below 30 KB: Microsoft asks reverse proxies in front of NDES to accept URIs up to 40 KB, and device requests that long fail.${where}`,
          fix,
          evidence,
        );
      }
      if (!ndes && at40 === true) {
        return pass(`The path to ${t.host} accepts SCEP URLs of ${largest} bytes, beyond the 40 KB Microsoft asks proxies to accept; ${layer} refuses ${size(refused)} bytes.`, evidence);
      }
      if (!ndes && at30 === true && at40 === false) {
        return warn(
          `${capitalize(layer)} refuses SCEP URLs of ${size(refused)} bytes (${got}): Microsoft asks reverse proxies in front of NDES to accept URIs up to 40 KB (Configure infrastructure to support SCEP), so the largest device requests may fail.${where}`,
          fix,
          evidence,
        );
      }
      return couldNotDecide(t.host, undecided ?? refused, got, evidence);
    }),
});

/** A 200 counted as a refusal carried another page than GetCACaps' answer: whatever sent it stands in front of NDES. */
function refusalOf(e: Exchange): Refusal {
  const r = e.response;
  if (r?.status === 200) {
    return { layer: 'reverse-proxy', code: '200', detail: `a proxy or front end (${r.headers['server'] ?? 'no Server header'}) answered 200 with a page other than NDES's capability list` };
  }
  return classifyRefusal({ status: r?.status, headers: r?.headers, body: bodyOf(e), errorCode: e.error?.code, errorMessage: e.error?.message });
}

function couldNotDecide(host: string, e: Exchange, got: string, evidence: Evidence): Outcome {
  const error = `${e.error?.code ?? 'no response'}${e.error?.message ? `: ${e.error.message}` : ''}`;
  const what = !e.response
    ? `got no answer (${error}), which is not a refusal`
    : e.error
      ? `got HTTP ${e.response.status} but its body stopped (${error}), which is no answer to compare`
      : `was refused (HTTP ${e.response.status}) and no smaller request was answered, so where the limit lies is unknown`;
  return {
    status: 'error',
    errorCode: 'E_NETWORK',
    message: `Could not decide whether the path to ${host} takes long SCEP URLs: the request of ${e.request.requestTargetBytes} bytes ${what} (${got}). Run the check again${e.response && !e.error ? '' : '; if it keeps timing out, look for a proxy or firewall that holds long requests'}.`,
    evidence,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
