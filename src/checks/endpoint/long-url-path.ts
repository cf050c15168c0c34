import type { Exchange } from '../../collect/network/recording.js';
import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome, Remediation } from '../../engine/types.js';
import { classifyRefusal, type Refusal } from '../../parse/scep-response.js';
import { bodyOf, codesFor, DOCS, exchanges, onTarget } from './common.js';

/** Device requests reach about 40 KB; Microsoft's NDES configuration allows about 64 KB. */
export const LONG_URL_REQUIRED = 40_960;
export const LONG_URL_EXPECTED = 65_000;

const FIX: Record<Refusal['layer'], Remediation> = {
  'http-sys': {
    text: 'Raise the HTTP.sys limits on the NDES server to 65534 and restart the server (HTTP.sys reads them at boot); see NDES-HSYS-001 and NDES-HSYS-002.',
    commands: [
      'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /t REG_DWORD /d 65534 /f',
      'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxRequestBytes /t REG_DWORD /d 65534 /f',
      'shutdown /r /t 0',
    ],
    docs: DOCS.configure,
  },
  'iis-request-filtering': {
    text: 'Raise the IIS request-filtering limits maxUrl and maxQueryString to 65534 for /CertSrv/mscep; NDES-IIS-001 and NDES-IIS-002 name the file that sets them now, in case a web.config overrides applicationHost.config.',
    commands: [
      '%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534 /commit:apphost',
      'iisreset',
    ],
    docs: DOCS.requestLimits,
  },
  'reverse-proxy': {
    text:
      'A proxy, load balancer, WAF or application proxy in front of NDES refuses long URLs. Raise its request-line/header limit to at least 64 KB ' +
      '(nginx: large_client_header_buffers 4 64k; Apache: LimitRequestLine 65536; F5/NetScaler/WAF: maximum URL and query length). Microsoft Entra application proxy accepts them.',
    docs: DOCS.appProxy,
  },
  connection: {
    text: 'Something on the path drops the connection when the URL is long (a firewall or WAF rule, or HTTP.sys). Test from inside the network with the same URL to find the layer, and look in %SystemRoot%\\System32\\LogFiles\\HTTPERR on the NDES server.',
    commands: ['Get-ChildItem $env:SystemRoot\\System32\\LogFiles\\HTTPERR | Sort-Object LastWriteTime | Select-Object -Last 1 | Get-Content -Tail 20'],
    docs: DOCS.deviceToNdes,
  },
  unknown: {
    text: 'Find the component that answers with this status for long URLs (IIS log, HTTPERR log, proxy logs) and raise its URL limit to at least 64 KB.',
    docs: DOCS.deviceToNdes,
  },
};

export default defineCheck({
  id: 'NDES-NET-012',
  slug: 'long-url-path',
  area: 'endpoint',
  title: 'The whole path to NDES accepts SCEP URLs of 40 KB and more',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const tries = exchanges(t, 'long-url').filter((e) => typeof e.request.requestTargetBytes === 'number');
      if (tries.length === 0) {
        return { status: 'skip', skipReason: 'not-applicable', message: t.notes.find((n) => n.startsWith('long-URL')) ?? `The long-URL search was not run for ${t.url}.` };
      }
      const size = (e: Exchange) => e.request.requestTargetBytes!;
      const ok = (e: Exchange) => e.response?.status === 200;
      const accepted = tries.filter(ok).map(size);
      const largest = accepted.length ? Math.max(...accepted) : undefined;
      const refusedTries = tries.filter((e) => !ok(e)).sort((a, b) => size(a) - size(b));
      const smallestRefused = refusedTries[0];
      const refusal = smallestRefused
        ? classifyRefusal({
            status: smallestRefused.response?.status,
            headers: smallestRefused.response?.headers,
            body: bodyOf(smallestRefused),
            errorCode: smallestRefused.error?.code,
            errorMessage: smallestRefused.error?.message,
          })
        : undefined;
      const evidence = {
        expected: `${LONG_URL_EXPECTED} bytes accepted (at least ${LONG_URL_REQUIRED})`,
        actual: `largest accepted: ${largest ?? 'none'} bytes${smallestRefused ? `; refused at ${size(smallestRefused)} bytes by ${refusal!.layer} (${refusal!.code})` : ''}`,
        source: `GetCACaps requests with a padded message parameter to ${t.url}`,
        ...(refusal && codesFor(refusal.code)),
        details: {
          largestAcceptedBytes: largest ?? null,
          refusedAtBytes: smallestRefused ? size(smallestRefused) : null,
          refusedBy: refusal?.layer ?? null,
          attempts: tries.map((e) => ({ bytes: size(e), status: e.response?.status ?? e.error?.code })),
        },
      };
      if (largest !== undefined && largest >= LONG_URL_EXPECTED) {
        return pass(`The path to ${t.host} accepts SCEP URLs of ${largest} bytes.`, evidence);
      }
      const where = refusal ? ` Layer: ${refusal.detail}.` : '';
      if (largest === undefined || largest < LONG_URL_REQUIRED) {
        return fail(
          `The path to ${t.host} refuses URLs of ${smallestRefused ? size(smallestRefused) : LONG_URL_REQUIRED} bytes (largest accepted: ${largest ?? 'none'}); device SCEP requests reach 40 KB and will fail.${where}`,
          FIX[refusal?.layer ?? 'unknown'],
          evidence,
        );
      }
      return warn(
        `The path to ${t.host} accepts ${largest} bytes but not the ~64 KB Microsoft configures; most requests fit, the largest may not.${where}`,
        FIX[refusal?.layer ?? 'unknown'],
        evidence,
      );
    }),
});
