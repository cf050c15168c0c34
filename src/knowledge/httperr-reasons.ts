import type { KnowledgeEntry } from './types.js';

const REASONS_DOC = 'https://learn.microsoft.com/windows/win32/http/types-of-errors-logged-by-the-http-server-api';
const HTTP_SYS_REGISTRY = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows';
const DEVICE_TO_NDES = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';

const SET_HTTP_SYS_LIMITS =
  '`reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxFieldLength /t REG_DWORD /d 65534 /f` and `reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxRequestBytes /t REG_DWORD /d 65534 /f`, then restart the server (NDES-HSYS-001, NDES-HSYS-002)';
const POOL_FIX =
  'Check the SCEP application pool (`%windir%\\system32\\inetsrv\\appcmd.exe list apppool SCEP`, NDES-IIS-004) and why it stopped: WAS events 5002/5009 in the System log and Application Error 1000 for w3wp.exe in the Application log.';

function reason(code: string, name: string, meaning: string, causes: string[], fix: string, docs = REASONS_DOC): KnowledgeEntry {
  return { kind: 'httperr-reason', code, name, meaning, causes, fix, docs, source: 'microsoft' };
}

/**
 * `s-reason` values of HTTP.sys error logs (%SystemRoot%\System32\LogFiles\HTTPERR). HTTP.sys
 * answers these requests itself, so they never reach IIS or its W3SVC log.
 */
export const HTTPERR_REASONS: readonly KnowledgeEntry[] = [
  reason(
    'FieldLength',
    'Header or URL over MaxFieldLength',
    'HTTP.sys refused a request because a header or the URL was longer than MaxFieldLength (default 16384 bytes). It answers 400 and the request never reaches IIS.',
    ['MaxFieldLength under HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters is missing or below 65534, too small for SCEP GET requests that carry the whole message in the URL.'],
    `Set ${SET_HTTP_SYS_LIMITS}.`,
    HTTP_SYS_REGISTRY,
  ),
  reason(
    'RequestLength',
    'Request over MaxRequestBytes',
    'HTTP.sys refused a request because the request line and headers together were longer than MaxRequestBytes (default 16384 bytes). It answers 400 and the request never reaches IIS.',
    ['MaxRequestBytes is missing or below 65534.'],
    `Set ${SET_HTTP_SYS_LIMITS}.`,
    HTTP_SYS_REGISTRY,
  ),
  reason(
    'URL_Length',
    'URL too long for HTTP.sys',
    'HTTP.sys refused a request because the URL exceeded the maximum size it accepts. The request never reaches IIS.',
    ['The HTTP.sys limits (MaxFieldLength, MaxRequestBytes, UrlSegmentMaxLength) are below what SCEP URLs need.'],
    `Set ${SET_HTTP_SYS_LIMITS}.`,
    HTTP_SYS_REGISTRY,
  ),
  reason('BadRequest', 'Request could not be parsed', 'HTTP.sys could not parse a request and answered 400.', ['A malformed request, often scanners; a long SCEP URL is logged as FieldLength or RequestLength instead.'], 'Nothing to fix unless devices are affected; find the client by c-ip.'),
  reason('URL', 'URL could not be parsed', 'HTTP.sys could not parse a URL.', ['A malformed or wrongly encoded URL.'], 'Nothing to fix unless devices are affected; find the client by c-ip.'),
  reason('Header', 'Header could not be parsed', 'HTTP.sys could not parse a header.', ['A malformed header.'], 'Nothing to fix unless devices are affected.'),
  reason('Hostname', 'Host name could not be parsed', 'HTTP.sys could not parse the host name of a request.', ['A malformed Host header.'], 'Nothing to fix unless devices are affected.'),
  reason(
    'AppOffline',
    'Application pool offline (503)',
    'HTTP.sys answered 503: application errors caused the application pool to be taken offline (rapid-fail protection).',
    ['The SCEP application pool crashed repeatedly and IIS disabled it.'],
    POOL_FIX,
    DEVICE_TO_NDES,
  ),
  reason('AppPoolTimer', 'Application pool too busy (503)', 'HTTP.sys answered 503: the application pool process was too busy to take the request.', ['The SCEP worker process is hung or overloaded.'], POOL_FIX, DEVICE_TO_NDES),
  reason('AppShutdown', 'Application shut down (503)', 'HTTP.sys answered 503: the application shut down automatically in response to administrator policy.', ['The application pool recycled or shut down (idle timeout, recycling).'], POOL_FIX, DEVICE_TO_NDES),
  reason('Disabled', 'Application taken offline by an administrator (503)', 'HTTP.sys answered 503: an administrator took the application offline.', ['The SCEP application pool is stopped.'], POOL_FIX, DEVICE_TO_NDES),
  reason('QueueFull', 'Request queue full (503)', 'HTTP.sys answered 503: the application request queue is full.', ['The SCEP worker process does not take requests fast enough (hung, crashing or overloaded).'], POOL_FIX, DEVICE_TO_NDES),
  reason('ConnLimit', 'Site connection limit reached (503)', 'HTTP.sys answered 503: the site connection limit was reached.', ['A connection limit is set on the site hosting NDES.'], 'Raise or remove the site\'s maxConnections limit.'),
  reason(
    'N/A',
    'Service unavailable (503)',
    'HTTP.sys answered 503 because of an internal error, such as a memory allocation failure (Microsoft\'s description).',
    ['Not documented further by Microsoft; field reports tie it to an application pool that is not running, so check the SCEP pool first.'],
    POOL_FIX,
  ),
  reason(
    'Connection_Abandoned_By_AppPool',
    'Worker process abandoned the request',
    'A worker process of the application pool crashed or orphaned a pending request.',
    ['The SCEP worker process (w3wp.exe) crashed while handling requests.'],
    POOL_FIX,
    DEVICE_TO_NDES,
  ),
  reason(
    'Connection_Abandoned_By_ReqQueue',
    'Worker process abandoned queued requests',
    'A worker process quit unexpectedly or orphaned pending requests (Windows Vista / Server 2008 and later).',
    ['The SCEP worker process (w3wp.exe) crashed or was recycled with requests pending.'],
    POOL_FIX,
    DEVICE_TO_NDES,
  ),
  reason('Timer_ConnectionIdle', 'Idle connection timed out', 'A connection expired while idle (default ConnectionTimeout 2 minutes). Normal housekeeping.', ['Clients that keep connections open.'], 'Nothing to fix.'),
  reason('Timer_AppPool', 'Request waited too long in the pool queue', 'A request waited too long in the application pool queue (ConnectionTimeout, 2 minutes).', ['The SCEP worker process is hung or too slow, for example while the CA does not answer.'], POOL_FIX, DEVICE_TO_NDES),
];
