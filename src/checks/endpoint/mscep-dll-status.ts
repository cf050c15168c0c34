import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { Evidence, Outcome } from '../../engine/types.js';
import type { Exchange, TargetRecording } from '../../recordings/probes.js';
import { describeCode } from '../../knowledge/index.js';
import { frontErrorPage, iisSubStatus, isIisErrorPage, isNdesInfoPage, serverKind } from '../../parse/scep-response.js';
import { bodyCut, bodyText, codesFor, DOCS, exchanges, onTarget, unreachable } from './common.js';

export default defineCheck({
  id: 'NDES-NET-001',
  slug: 'mscep-dll-status',
  area: 'endpoint',
  title: 'mscep.dll answers 403 (Intune policy module in place)',
  severity: 'critical',
  requires: ['endpoint'],
  run: ({ endpoint }) => onTarget(endpoint, judge),
});

function judge(t: TargetRecording): Outcome {
  const [e] = exchanges(t, 'mscep');
  if (!e) return unreachable({ purpose: 'mscep', request: { method: 'GET', url: t.url }, timing: { totalMs: 0 } }, 'request mscep.dll');
  if (!e.response) return unreachable(e, 'request mscep.dll');
  // Every verdict below reads the page (sub-status, proxy page, NDES page): the start of one is not evidence.
  const cut = bodyCut(e, 'read what mscep.dll answers');
  if (cut) return cut;
  const { status, headers } = e.response;
  const text = bodyText(e);
  const server = headers['server'] ?? 'no Server header';
  const sub = iisSubStatus(status, text);
  const code = sub ?? String(status);
  const evidence = (expected = 'HTTP 403 (Forbidden) from IIS'): Evidence => ({
    expected,
    actual: `HTTP ${code} from ${server}${e.response!.headers['location'] ? `, Location: ${e.response!.headers['location']}` : ''}`,
    source: `GET ${e.request.url}`,
    ...codesFor(code),
  });
  const front = status === 403 ? frontErrorPage(text) : undefined;
  if (front) {
    return warn(
      `mscep.dll's 403 Forbidden is ${front}'s own error page: a proxy or WAF in front of NDES refused the request, so it never reached IIS and the Intune policy module cannot be confirmed. If it refuses devices' SCEP requests too, enrollment fails there, and nothing reaches the NDES or IIS logs.`,
      {
        text:
          `Find the rule in ${front} that answers 403 for /certsrv/mscep/mscep.dll and let SCEP through: GET and POST, with query strings up to 40 KB (Microsoft asks reverse proxies to accept URIs that long). ` +
          'Then browse https://<ndes>/certsrv/mscep/mscep.dll through it: IIS must answer "403 - Forbidden: Access is denied." (or, on the server itself, "HTTP Error 403.0 - Forbidden").',
        docs: DOCS.deviceToNdes,
      },
      evidence(`HTTP 403 (Forbidden) from IIS, not from a proxy in front of it`),
      'high',
    );
  }
  if (status === 403 && sub && sub !== '403.0') {
    // Microsoft expects 403.0, the policy module's refusal; other sub-statuses are IIS refusing for a reason of its own.
    // The knowledge base answers an unknown sub-status with plain 403, "healthy", which must not be shown for it.
    const label = describeCode(sub);
    const named = label?.startsWith(`${sub} `) ? label.slice(sub.length + 1) : undefined;
    return warn(
      `mscep.dll answers ${sub}${named ? ` (${named})` : ''}, not the 403.0 Microsoft expects: IIS refused the request for a reason of its own before NDES answered, so the Intune policy module cannot be confirmed, and devices may be refused the same way.`,
      {
        text:
          `Look up ${sub} in Microsoft's list of IIS status codes and find the request in the IIS log (W3SVC1, sc-substatus ${sub.slice(4)}) on the NDES server; then remove the IIS setting that refuses it ` +
          '(for example "Require SSL" while devices use an http:// URL for 403.4, IP address restrictions for 403.6, required client certificates for 403.7). ' +
          'Afterwards, browsing https://<ndes>/certsrv/mscep/mscep.dll on the server must show "HTTP Error 403.0 - Forbidden".',
        docs: DOCS.iisStatus,
      },
      { ...evidence('HTTP 403.0 (Forbidden) from IIS, or 403 with no sub-status shown'), details: named ? { knowledge: { [sub]: label } } : undefined },
      'high',
    );
  }
  if (status === 403 && (serverKind(headers) === 'iis' || isIisErrorPage(text))) {
    return pass('mscep.dll answers 403 Forbidden: the Intune policy module is in place and checks every request.', evidence());
  }
  if (status === 403) {
    // Only IIS's 403 is the policy module's: a refusal by whatever else answers says nothing about NDES behind it.
    return warn(
      `mscep.dll answers 403 Forbidden from ${server}, with a page that is not IIS's: something other than IIS refused the request (a web server, CDN or WAF in front of NDES), so the Intune policy module cannot be confirmed. If it refuses devices' SCEP requests too, enrollment fails there.`,
      {
        text:
          'Find what answers for this URL (DNS, load balancer, reverse proxy or WAF) and let SCEP through to IIS on the NDES server: GET and POST to /certsrv/mscep/mscep.dll, with query strings up to 40 KB. ' +
          'Browsing https://<ndes>/certsrv/mscep/mscep.dll on the NDES server itself must show "HTTP Error 403.0 - Forbidden".',
        docs: DOCS.deviceToNdes,
      },
      evidence('HTTP 403 (Forbidden) from IIS: its Server header or its own error page'),
      'high',
    );
  }
  if (status === 200 && isNdesInfoPage(text)) {
    return fail(
      'mscep.dll shows the plain NDES page: the Intune policy module is not active, so NDES does not ask Intune to validate challenges. Plain NDES accepts only its own one-time challenge passwords from mscep_admin (its default), so the challenges Intune gives devices are refused and SCEP enrollment from Intune fails.',
      {
        text:
          'Install (or repair) the Certificate Connector for Microsoft Intune with the SCEP feature on this NDES server, then restart IIS. ' +
          'If setup reported success, the policy module may just not be loaded yet: run iisreset, or restart the server. ' +
          'Afterwards, browsing https://<ndes>/certsrv/mscep/mscep.dll must show "HTTP Error 403.0 - Forbidden".',
        commands: [
          powershell('Get-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\Modules"'),
          cmd('iisreset'),
        ],
        docs: DOCS.deviceToNdes,
      },
      evidence(),
    );
  }
  return byStatus(e, status, code, server, evidence());
}

function byStatus(e: Exchange, status: number, code: string, server: string, ev: Evidence): Outcome {
  if (status === 503) {
    const httpSys = serverKind(e.response!.headers) === 'http-sys';
    return fail(
      `mscep.dll answers 503 Service Unavailable${httpSys ? ' from HTTP.sys' : ''}: the SCEP application pool is stopped or keeps crashing, so no device can enroll.`,
      {
        text:
          'Confirm in IIS Manager > Application Pools > SCEP (or with the PowerShell commands below) that the pool is Stopped. The usual cause is the NDES service account: ' +
          'its password expired, it is locked out, or it lost the logon right the pool needs ("Log on as a batch job", which it gets as a member of IIS_IUSRS; see NDES-ACCT-002 and NDES-ACCT-007); the System log shows WAS events 5002/5021/5057 naming the pool. ' +
          'Other documented causes: intermediate CA certificates in the Trusted Root store, unreachable CRLs, an expired NDESPolicy certificate. Fix the account, then start the pool.',
        commands: [
          powershell('Import-Module WebAdministration; Get-WebAppPoolState SCEP'),
          powershell('Get-WinEvent -FilterHashtable @{LogName="System"; ProviderName="Microsoft-Windows-WAS"} -MaxEvents 20 | Format-List TimeCreated, Id, Message'),
          powershell('Get-ChildItem Cert:\\LocalMachine\\Root -Recurse | Where-Object { $_.Issuer -ne $_.Subject }'),
          powershell('Start-WebAppPool SCEP'),
        ],
        docs: DOCS.deviceToNdes,
      },
      ev,
    );
  }
  if (status === 500) {
    return fail(
      'mscep.dll answers 500 Internal Server Error: NDES cannot run. The documented causes are the NDES service account (locked out or password expired), expired RA certificates, RA private keys the account cannot read, or IIS_IUSRS lacking "Impersonate a client after authentication".',
      {
        text:
          'Look at the NDES events 2 and 10 in the Application log and at the RA certificate checks (NDES-NET-003). Check the service account in Active Directory, ' +
          'the RA certificates in the computer store and their private-key permissions, and the user right SeImpersonatePrivilege for IIS_IUSRS; then iisreset.',
        commands: [
          powershell('Get-WinEvent -FilterHashtable @{LogName="Application"; ProviderName="Microsoft-Windows-NetworkDeviceEnrollmentService"} -MaxEvents 20 | Format-List TimeCreated, Id, Message'),
          powershell('Get-ADUser <ndes-service-account> -Properties LockedOut, PasswordExpired, Enabled'),
          cmd('certutil -store my'),
          cmd('iisreset'),
        ],
        docs: DOCS.deviceToNdes,
      },
      ev,
    );
  }
  if (status === 401) {
    return fail(
      'mscep.dll asks for authentication (401): devices cannot authenticate to IIS, so every enrollment fails. Anonymous authentication must be on for the MSCEP application.',
      {
        text:
          'In IIS Manager > Default Web Site > CertSrv > mscep > Authentication, enable Anonymous Authentication (NDES setup turns it on; Windows Authentication may stay enabled beside it, as setup leaves it); then iisreset. ' +
          'If Anonymous is already on, a proxy or application proxy in front of NDES is asking for credentials: publish NDES with pass-through (no pre-authentication).',
        commands: [
          cmd('%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost'),
          cmd('iisreset'),
        ],
        docs: DOCS.deviceToNdes,
      },
      ev,
    );
  }
  if (status === 404) {
    return fail(
      `mscep.dll is not found (${code}) at ${e.request.url}: the URL is wrong, NDES is not installed on this site, or IIS blocks the ISAPI extension (404.2) or has no handler for it (404.3/404.4).`,
      {
        text:
          'Check that the SCEP server URL in the Intune profile matches https://<external-name>/certsrv/mscep/mscep.dll, that the NDES role service is installed, ' +
          'and that "ISAPI and CGI Restrictions" allows mscep.dll. Behind an application proxy, the external URL must publish the NDES server root. The commands are for PowerShell.',
        commands: [
          powershell('Get-WindowsFeature ADCS-Device-Enrollment'),
          powershell('& "$env:windir\\system32\\inetsrv\\appcmd.exe" list config -section:system.webServer/security/isapiCgiRestriction'),
        ],
        docs: DOCS.deviceToNdes,
      },
      ev,
    );
  }
  if (status >= 300 && status < 400) {
    return warn(
      `mscep.dll answers a ${status} redirect${e.response!.headers['location'] ? ` to ${e.response!.headers['location']}` : ''}; devices do not follow redirects on SCEP requests, so the profile must use the final URL.`,
      { text: 'Put the final URL in the SCEP profile, or remove the redirect (for example an HTTP to HTTPS rule or a proxy login page).', docs: DOCS.deviceToNdes },
      ev,
    );
  }
  if (status === 200) {
    return warn(
      `mscep.dll answers 200 with a page that is not the NDES page (from ${server}): something other than NDES answers at this URL, such as a proxy login or portal page.`,
      { text: 'Open the URL in a browser from the same network as the devices and find which component answers; the SCEP profile must reach NDES directly or through a transparent proxy.', docs: DOCS.deviceToNdes },
      ev,
    );
  }
  return fail(
    `mscep.dll answers HTTP ${code} from ${server}, where 403 is expected.`,
    { text: `Look up ${code} with "ndes-doctor explain ${code}" and in the IIS log (W3SVC1) or HTTPERR log on the NDES server.`, docs: DOCS.deviceToNdes },
    ev,
  );
}
