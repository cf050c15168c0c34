import type { KnowledgeEntry } from './types.js';

const DEVICE_TO_NDES = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';
const POLICY_MODULE = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module';
const IIS_STATUS_CODES = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-status-code';
const REQUEST_LIMITS = 'https://learn.microsoft.com/iis/configuration/system.webServer/security/requestfiltering/requestlimits';
const HTTP_SYS_REGISTRY = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows';
const APP_PROXY_NDES = 'https://learn.microsoft.com/entra/identity/app-proxy/app-proxy-protect-ndes';

const SET_REQUEST_LIMITS =
  '`%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:65534 /requestLimits.maxQueryString:65534 /commit:apphost`';
const SET_HTTP_SYS_LIMITS =
  '`reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxFieldLength /t REG_DWORD /d 65534 /f` and the same for MaxRequestBytes, then restart the server';

/**
 * What an HTTP status (IIS `sc-status.sc-substatus`, optionally with `sc-win32-status`) means for a
 * request to /certsrv/mscep/mscep.dll.
 */
export const HTTP_STATUSES: readonly KnowledgeEntry[] = [
  {
    kind: 'http-status',
    code: '200',
    name: 'OK (NDES information page)',
    meaning:
      'For a SCEP operation (GetCACaps, GetCACert, PKIOperation) 200 is success. For the bare URL /certsrv/mscep/mscep.dll it is not: the NDES information page there means the Intune policy module is not active, and a healthy Intune NDES answers 403.',
    causes: [
      'The Certificate Connector (and with it the Intune policy module) is not installed, or its installation failed.',
      'IIS was not restarted, or the server not rebooted, after the connector was installed.',
    ],
    fix: 'If the connector installed successfully, run `iisreset` (or reboot); otherwise reinstall the Certificate Connector. Browsing the bare mscep.dll URL should then give 403.',
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '400',
    name: 'Bad Request (HTTP.sys limits)',
    meaning:
      'HTTP.sys refused the request before IIS saw it, typically because a header or the URL was longer than MaxFieldLength, or the request line and headers together exceeded MaxRequestBytes. Such requests appear only in the HTTPERR log (reason FieldLength, RequestLength or URL_Length), not in the IIS W3SVC log.',
    causes: [
      'MaxFieldLength and MaxRequestBytes under HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters are missing or below 65534, so the long SCEP URL (up to about 40 KB) does not fit.',
      'Community report (unverified): the IIS Handler Mappings order on the Default Web Site was changed.',
    ],
    fix: `Set both values to 65534 (decimal): ${SET_HTTP_SYS_LIMITS}. Check %SystemRoot%\\System32\\LogFiles\\HTTPERR for the reason.`,
    docs: HTTP_SYS_REGISTRY,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '401',
    name: 'Unauthorized',
    meaning: 'The request failed authentication; the IIS sub-status in the log tells which authentication step failed.',
    causes: ['A reverse proxy publishing NDES uses pre-authentication, which SCEP clients cannot do.', 'An IIS authentication setting on the NDES application (read the sub-status).'],
    fix: 'Set pre-authentication to Passthrough on the reverse proxy that publishes NDES; for IIS-side failures read sc-substatus in the IIS log.',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '401.2',
    name: 'Logon failed due to server configuration',
    meaning:
      'IIS refused the request because no authentication method it allows fits the request. SCEP devices send no credentials, so on /certsrv/mscep/mscep.dll this means anonymous authentication is disabled for the application.',
    causes: ['Anonymous authentication is disabled on /CertSrv/mscep (NDES setup enables it, next to Windows authentication).'],
    fix: 'Enable anonymous authentication for the SCEP application: `%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost`, then iisreset (NDES-IIS-005).',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '403',
    name: 'Forbidden (healthy with the Intune policy module)',
    meaning:
      'On the bare URL /certsrv/mscep/mscep.dll, 403 Forbidden is the expected, healthy answer once the Intune policy module is installed: it refuses requests that do not carry an Intune challenge. Before the connector is installed NDES shows its information page (200) instead.',
    causes: ['Expected when browsing mscep.dll without a SCEP operation.', 'On a legacy connector\'s VerifyRequest call a 403 means something else; see 403.16.'],
    fix: 'Nothing to fix for the bare URL.',
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '403.4',
    name: 'SSL required',
    meaning: 'IIS requires HTTPS for this URL and the request came over HTTP.',
    causes: ['"Require SSL" is set on the site or application while devices use an http:// SCEP URL.'],
    fix: 'Use the https:// SCEP URL in the profile, or clear Require SSL on the NDES application.',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '403.16',
    name: 'Client certificate untrusted or invalid',
    meaning:
      'Legacy connector: the NDES policy module\'s POST to /CertificateRegistrationSvc/Certificate/VerifyRequest was refused because its client certificate was not trusted (seen with win32 status 2148204809, 0x800B0109). NDESPlugin.log shows `Verify challenge returns` with a 403 page.',
    causes: [
      'Intermediate CA certificates sit in the Trusted Root store (LocalMachine\\Root).',
      'The NDES client authentication certificate lacks the Client Authentication EKU.',
    ],
    fix: 'List misplaced certificates with `Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }`, move them to Intermediate Certification Authorities, and restart the server; if a GPO pushes them, exclude the NDES server.',
    docs: POLICY_MODULE,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '404',
    name: 'Not Found',
    meaning:
      'IIS did not serve the request. For SCEP the sub-status matters: 404.14 and 404.15 mean IIS request filtering rejected a too-long URL or query string; 404.2, 404.3 and 404.4 mean mscep.dll is not allowed or has no handler.',
    causes: ['Request filtering limits too low for SCEP (404.14, 404.15).', 'The ISAPI extension or handler for mscep.dll is missing or blocked (404.2, 404.3, 404.4).', 'A wrong SCEP URL in the profile.'],
    fix: 'Read sc-substatus in the IIS log and run `ndes-doctor explain 404.<substatus>`.',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '404.2',
    name: 'ISAPI or CGI restriction',
    meaning: 'The ISAPI and CGI Restrictions list in IIS does not allow mscep.dll to run.',
    causes: ['mscep.dll is missing from, or denied in, ISAPI and CGI Restrictions.'],
    fix: 'In IIS Manager > server > ISAPI and CGI Restrictions, allow the mscep.dll entry (`%windir%\\system32\\inetsrv\\appcmd.exe list config -section:system.webServer/security/isapiCgiRestriction` shows it).',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '404.3',
    name: 'MIME map restriction',
    meaning: 'IIS has no MIME map or handler that lets it serve the requested file type.',
    causes: ['The handler mapping for mscep.dll is missing.'],
    fix: 'Check Handler Mappings on the NDES application (CertSrv/mscep) in IIS Manager.',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '404.4',
    name: 'No handler',
    meaning: 'No IIS handler is configured for the request.',
    causes: ['The handler mapping for mscep.dll is missing or was removed.'],
    fix: 'Check Handler Mappings on the NDES application (CertSrv/mscep) in IIS Manager.',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '404.14',
    name: 'URL too long (IIS request filtering)',
    meaning: 'IIS request filtering rejected the request because the URL exceeded requestLimits maxUrl (default 4096 bytes). The client sees 404; the IIS log shows 404.14.',
    causes: ['maxUrl on the Default Web Site is below 65534, too small for SCEP URLs that carry the whole request in the query string.'],
    fix: `Raise the limits: ${SET_REQUEST_LIMITS}, then run iisreset (NDES-IIS-001/002 name any web.config that overrides it).`,
    docs: REQUEST_LIMITS,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '404.15',
    name: 'Query string too long (IIS request filtering)',
    meaning: 'IIS request filtering rejected the request because the query string exceeded requestLimits maxQueryString (default 2048 bytes). The client sees 404; the IIS log shows 404.15.',
    causes: ['maxQueryString on the Default Web Site is below 65534, too small for the SCEP message in the query string.'],
    fix: `Raise the limits: ${SET_REQUEST_LIMITS}, then run iisreset (NDES-IIS-001/002 name any web.config that overrides it).`,
    docs: REQUEST_LIMITS,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '413.1',
    name: 'Content length too large (IIS request filtering)',
    meaning: 'IIS request filtering rejected a request body larger than requestLimits maxAllowedContentLength (default 30000000 bytes).',
    causes: ['An unusually large POST; NDES setups do not normally need to change this limit.'],
    fix: 'Check what sends such large requests before raising maxAllowedContentLength.',
    docs: REQUEST_LIMITS,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '414',
    name: 'Request-URI Too Long',
    meaning:
      'The request URL was too long for a component on the way. IIS request filtering reports 404.14/404.15 instead, so a 414 seen by the device most likely comes from HTTP.sys or from a reverse proxy in front of NDES.',
    causes: [
      'HTTP.sys limits (MaxFieldLength, MaxRequestBytes) below 65534.',
      'IIS request filtering maxUrl or maxQueryString below 65534 (Microsoft\'s troubleshooting guide lists this for 414 too).',
      'A reverse proxy, WAP or application proxy that does not accept long URIs.',
    ],
    fix: `Set the HTTP.sys values (${SET_HTTP_SYS_LIMITS}) and the IIS limits (${SET_REQUEST_LIMITS}), and make sure any proxy in front of NDES accepts URIs of at least 40 KB.`,
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '500',
    name: 'Internal Server Error',
    meaning: 'NDES (mscep.dll) failed while handling the request. The NDES Application log events 2 and 10 usually say why; a win32 status of 1346 in the IIS log points to the impersonation right.',
    causes: [
      'The NDES service account (SCEP application pool identity) is locked out, disabled or its password expired.',
      'The RA certificates (CEP Encryption, Exchange Enrollment Agent (Offline request)) expired, were not issued by NDES\'s CA, fail revocation, or their private keys are not readable by the service account.',
      'IIS_IUSRS lacks "Impersonate a client after authentication" (win32 status 1346).',
      'Legacy connector only, on POST /CertificateRegistrationSvc/Certificate/VerifyRequest: its application pool identity cannot write to C:\\Windows\\Temp.',
    ],
    fix: 'Check the account with `Get-ADUser <account> -Properties Enabled, LockedOut, PasswordExpired, AccountExpirationDate`, check the RA certificates (`ndes-doctor explain 10`), and read the NDES events in the Application log.',
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '500 win32 1346',
    name: 'Impersonation right missing (IIS_IUSRS)',
    meaning: 'HTTP 500 with sc-win32-status 1346 (ERROR_BAD_IMPERSONATION_LEVEL), e.g. on GetCACert: the local group IIS_IUSRS does not hold the "Impersonate a client after authentication" right.',
    causes: ['IIS_IUSRS (S-1-5-32-568) is missing from SeImpersonatePrivilege.'],
    fix: 'secpol.msc > Local Policies > User Rights Assignment > Impersonate a client after authentication > add IIS_IUSRS (check with `secedit /export /areas USER_RIGHTS /cfg rights.inf`), then restart the server.',
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '500.19',
    name: 'Configuration data is invalid',
    meaning: 'IIS could not read or parse the configuration that applies to the request.',
    causes: [
      'Broken web.config, or (community report) the accessing account cannot read the web.config file.',
      'A web.config sets a section that a higher level locks (HRESULT 0x80070021), such as an authentication section in the CertSrv\\mscep folder.',
    ],
    fix: 'Check the configuration file named in the error page and give the application pool identity Read on it.',
    docs: IIS_STATUS_CODES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '502',
    name: 'Bad Gateway (application proxy)',
    meaning: 'A reverse proxy in front of NDES (typically the Microsoft Entra application proxy) could not get an answer from the NDES server.',
    causes: ['Some application proxy connectors in the connector group cannot reach the NDES internal URL.'],
    fix: 'Put NDES on its own connector group whose connectors can all reach the NDES FQDN.',
    docs: APP_PROXY_NDES,
    source: 'community',
  },
  {
    kind: 'http-status',
    code: '503',
    name: 'Service Unavailable',
    meaning: 'The SCEP application pool is stopped or keeps crashing (IIS 503.0: application pool unavailable). Crashes show in the Application log as event 1000 for w3wp.exe, faulting module ntdll.dll, exception 0xc0000005.',
    causes: [
      'The NDES service account lacks a permission it needs, so the SCEP application pool stops (common right after NDES setup).',
      'Intermediate CA certificates in the Trusted Root store (LocalMachine\\Root).',
      'CRLs for certificates the connector uses cannot be reached.',
      'Windows Authentication enabled on the legacy CertificateRegistrationSvc application.',
      'The legacy NDES policy module certificate (NDESCertThumbprint) expired.',
    ],
    fix: 'Check the pool with `Get-WebAppPoolState SCEP` (or `%windir%\\system32\\inetsrv\\appcmd.exe list apppool /name:SCEP`) and the Application log; list misplaced roots with `Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }`; then start the pool or restart the server.',
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
  {
    kind: 'http-status',
    code: '504',
    name: 'Gateway Timeout (application proxy)',
    meaning: 'The Microsoft Entra application proxy got no answer in time, typically because its connector service is not running.',
    causes: ['The Microsoft Entra application proxy Connector service (WAPCSvc) is stopped.'],
    fix: 'On the connector server: `Set-Service WAPCSvc -StartupType Automatic; Start-Service WAPCSvc`.',
    docs: DEVICE_TO_NDES,
    source: 'microsoft',
  },
];
